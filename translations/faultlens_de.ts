<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>baseline</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>text-guided</source>
        <translation>textgeführt</translation>
    </message>
    <message>
        <source>McNemar: baseline-only correct %1, text-guided-only %2, exact p = %3</source>
        <translation>McNemar: nur Basismodell richtig %1, nur textgeführt %2, exaktes p = %3</translation>
    </message>
    <message>
        <source>%1: cannot replace the file (permissions?)</source>
        <translation>%1: Die Datei kann nicht ersetzt werden (Zugriffsrechte?)</translation>
    </message>
    <message>
        <source>%1: the directory does not exist</source>
        <translation>%1: Das Verzeichnis existiert nicht</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: Schreiben nicht möglich (%2)</translation>
    </message>
    <message>
        <source>%1: unknown figure format &apos;%2&apos; (png, svg or pdf)</source>
        <translation>%1: Unbekanntes Abbildungsformat &apos;%2&apos; (png, svg oder pdf)</translation>
    </message>
    <message>
        <source>%1: the directory is not writable</source>
        <translation>%1: Das Verzeichnis ist nicht beschreibbar</translation>
    </message>
    <message>
        <source>%1: rendering or writing the figure failed (disk full?)</source>
        <translation>%1: Zeichnen oder Schreiben der Abbildung fehlgeschlagen (Datenträger voll?)</translation>
    </message>
    <message>
        <source>Export plot data</source>
        <translation>Diagrammdaten exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</source>
        <translation>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</translation>
    </message>
    <message>
        <source>%1 — %2 images, %3 classes</source>
        <translation>%1 — %2 Bilder, %3 Klassen</translation>
    </message>
    <message>
        <source> (%1 files skipped)</source>
        <translation> (%1 Dateien übersprungen)</translation>
    </message>
    <message>
        <source>No demo model %1 is shipped in resources/models yet. Open a TorchScript model with File ▸ Open or drop one here.</source>
        <translation>In resources/models liegt noch kein Demomodell %1. Ein TorchScript-Modell mit Datei ▸ Öffnen laden oder hierher ziehen.</translation>
    </message>
    <message>
        <source>No weight faults</source>
        <translation>Keine Gewichtsfehler</translation>
    </message>
    <message>
        <source>Load a model first.</source>
        <translation>Zuerst ein Modell laden.</translation>
    </message>
    <message>
        <source>Applied %1 random weight faults (seed %2, %3) to both models</source>
        <translation>%1 zufällige Gewichtsfehler (Seed %2, %3) auf beide Modelle angewendet</translation>
    </message>
    <message>
        <source>Cannot open data set</source>
        <translation>Datensatz kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Ablation-CAM unavailable: %1</source>
        <translation>Ablation-CAM nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Inference failed</source>
        <translation>Inferenz fehlgeschlagen</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Kampagne</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Text-guided</source>
        <translation>Textgeführt</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Export all figures</source>
        <translation>Alle Abbildungen exportieren</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an image index</source>
        <translation>„%1“ ist kein Bildindex</translation>
    </message>
    <message>
        <source>give at least one image index, e.g. 0,1,2,3</source>
        <translation>mindestens einen Bildindex angeben, z. B. 0,1,2,3</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Image not in the data set</source>
        <translation>Bild nicht im Datensatz</translation>
    </message>
    <message>
        <source>--image %1 is outside the data set (%2 images).</source>
        <translation>--image %1 liegt außerhalb des Datensatzes (%2 Bilder).</translation>
    </message>
    <message>
        <source>Bit-error rates: %1</source>
        <translation>Bitfehlerraten: %1</translation>
    </message>
    <message>
        <source>%1 (scales: each layer&apos;s abs-max over %2 images of %3)</source>
        <translation>%1 (Skalen: Betragsmaximum jeder Schicht über %2 Bilder von %3)</translation>
    </message>
    <message>
        <source>%1: cannot encode the image</source>
        <translation>%1: das Bild lässt sich nicht kodieren</translation>
    </message>
    <message>
        <source>Figure style</source>
        <translation>Abbildungsstil</translation>
    </message>
    <message>
        <source>Every exported figure (a plot&apos;s Export menu, the CAM grid, Export all figures) is drawn at this printed size and type size.</source>
        <translation>Jede exportierte Abbildung (das Export-Menü eines Diagramms, das CAM-Raster, Alle Abbildungen exportieren) wird in dieser Druckgröße und Schriftgröße gezeichnet.</translation>
    </message>
    <message>
        <source>Figure size: %1</source>
        <translation>Abbildungsgröße: %1</translation>
    </message>
    <message>
        <source>the baseline model&apos;s %1</source>
        <translation>%1 des Basismodells</translation>
    </message>
    <message>
        <source>the text-guided model&apos;s %1</source>
        <translation>%1 des textgeführten Modells</translation>
    </message>
    <message>
        <source>no layer of this model corresponds to %1 (layers pair by name, kind and output shape, the last layers by role)</source>
        <translation>keine Schicht dieses Modells entspricht %1 (Schichten gehören über Name, Art und Ausgabeform zusammen, die letzten Schichten über ihre Rolle)</translation>
    </message>
    <message>
        <source>same name and shape</source>
        <translation>gleicher Name und gleiche Form</translation>
    </message>
    <message>
        <source>same place and shape</source>
        <translation>gleiche Stelle und gleiche Form</translation>
    </message>
    <message>
        <source>last layer</source>
        <translation>letzte Schicht</translation>
    </message>
    <message>
        <source>layer map</source>
        <translation>Schichtzuordnung</translation>
    </message>
    <message>
        <source>%1 corresponds to %2 (%3)</source>
        <translation>%1 entspricht %2 (%3)</translation>
    </message>
    <message>
        <source>this model&apos;s own %1 %2 is another layer (%3 is %4): not faulted</source>
        <translation>die eigene Schicht %1 %2 dieses Modells ist eine andere (%3 ist %4): nicht gestört</translation>
    </message>
    <message>
        <source>Compute device</source>
        <translation>Rechengerät</translation>
    </message>
</context>
<context>
    <name>faultlens::app::AnalysisController</name>
    <message>
        <source>An analysis is already running.</source>
        <translation>Es läuft bereits eine Analyse.</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>text-guided</source>
        <translation>textgeführt</translation>
    </message>
    <message>
        <source>Accuracy %1 % on %2 images · mean Top2Diff %3%4</source>
        <translation>Genauigkeit %1 % auf %2 Bildern · mittlerer Top2Diff %3%4</translation>
    </message>
    <message>
        <source> · %1 non-finite outputs</source>
        <translation> · %1 nicht endliche Ausgaben</translation>
    </message>
    <message>
        <source>Analysed %1 images with %2 model(s)</source>
        <translation>%1 Bilder mit %2 Modell(en) analysiert</translation>
    </message>
    <message>
        <source>Analysis cancelled</source>
        <translation>Analyse abgebrochen</translation>
    </message>
    <message>
        <source>Analysis failed: %1</source>
        <translation>Analyse fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Bit-error-rate sweep cancelled</source>
        <translation>Bitfehlerraten-Verlauf abgebrochen</translation>
    </message>
    <message>
        <source>Bit-error-rate sweep failed: %1</source>
        <translation>Bitfehlerraten-Verlauf fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Bit-error-rate sweep: %1 rates × %2 trials (seed %3) on %4 images, weights in %5</source>
        <translation>Bitfehlerraten-Durchlauf: %1 Raten × %2 Versuche (Seed %3) auf %4 Bildern, Gewichte in %5</translation>
    </message>
</context>
<context>
    <name>faultlens::app::CamNotes</name>
    <message>
        <source>class score y is NaN; weights undefined</source>
        <translation>Klassenwert y ist NaN; Gewichte undefiniert</translation>
    </message>
    <message>
        <source>class score y is +Inf; weights undefined</source>
        <translation>Klassenwert y ist +Inf; Gewichte undefiniert</translation>
    </message>
    <message>
        <source>class score y is −Inf; weights undefined</source>
        <translation>Klassenwert y ist −Inf; Gewichte undefiniert</translation>
    </message>
    <message>
        <source>class score y = %1 is too close to zero; weights undefined</source>
        <translation>Klassenwert y = %1 liegt zu nahe bei null; Gewichte undefiniert</translation>
    </message>
    <message>
        <source>class score y = %1 is negative; the weights change sign</source>
        <translation>Klassenwert y = %1 ist negativ; die Gewichte wechseln das Vorzeichen</translation>
    </message>
    <message numerus="yes">
        <source>%n ablated score(s) are not finite</source>
        <translation>
            <numerusform>%n ablatierter Wert ist nicht endlich</numerusform>
            <numerusform>%n ablatierte Werte sind nicht endlich</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the clean map has %n non-finite pixel(s)</source>
        <translation>
            <numerusform>die fehlerfreie Karte hat %n nicht endliches Pixel</numerusform>
            <numerusform>die fehlerfreie Karte hat %n nicht endliche Pixel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the faulty map has %n non-finite pixel(s)</source>
        <translation>
            <numerusform>die fehlerhafte Karte hat %n nicht endliches Pixel</numerusform>
            <numerusform>die fehlerhafte Karte hat %n nicht endliche Pixel</numerusform>
        </translation>
    </message>
    <message>
        <source>a flat map has no correlation</source>
        <translation>eine flache Karte hat keine Korrelation</translation>
    </message>
    <message>
        <source>a map that is zero everywhere has no hot region or centre</source>
        <translation>eine überall verschwindende Karte hat weder heißen Bereich noch Schwerpunkt</translation>
    </message>
</context>
<context>
    <name>faultlens::app::CampaignController</name>
    <message>
        <source>A campaign is already running.</source>
        <translation>Es läuft bereits eine Kampagne.</translation>
    </message>
    <message>
        <source>Campaign complete: %1 injections; summary.json and summary.csv written to %2</source>
        <translation>Kampagne abgeschlossen: %1 Injektionen; summary.json und summary.csv in %2 geschrieben</translation>
    </message>
    <message>
        <source>Cancelled: %1 of %2 injections are recorded in %3; Start resumes the campaign</source>
        <translation>Abgebrochen: %1 von %2 Injektionen sind in %3 gespeichert; Start setzt die Kampagne fort</translation>
    </message>
    <message>
        <source>Campaign failed: %1</source>
        <translation>Kampagne fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cannot open a stored campaign while one is running.</source>
        <translation>Eine gespeicherte Kampagne kann nicht geöffnet werden, während eine läuft.</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>text-guided</source>
        <translation>textgeführt</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Profiling each layer&apos;s range on the training data (the paper&apos;s protocol)…</source>
        <translation>Der Bereich jeder Schicht wird auf den Trainingsdaten profiliert (Protokoll des Papers)…</translation>
    </message>
</context>
<context>
    <name>faultlens::app::ProjectSession</name>
    <message>
        <source>Cannot save project</source>
        <translation>Projekt kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saved project %1</source>
        <translation>Projekt %1 gespeichert</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opened project %1</source>
        <translation>Projekt %1 geöffnet</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>Nichts zu speichern</translation>
    </message>
    <message>
        <source>No fault is applied or composed in the Fault dock.</source>
        <translation>Im Fehler-Fenster ist kein Fehler angewendet oder zusammengestellt.</translation>
    </message>
    <message>
        <source>Cannot save fault list</source>
        <translation>Fehlerliste kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saved fault list %1</source>
        <translation>Fehlerliste %1 gespeichert</translation>
    </message>
    <message>
        <source>Cannot load fault list</source>
        <translation>Fehlerliste kann nicht geladen werden</translation>
    </message>
    <message>
        <source>No faults</source>
        <translation>Keine Fehler</translation>
    </message>
    <message>
        <source>%1: the list is empty</source>
        <translation>%1: Die Liste ist leer</translation>
    </message>
    <message>
        <source>1 weight fault</source>
        <translation>1 Gewichtsfehler</translation>
    </message>
    <message>
        <source>%1 weight faults</source>
        <translation>%1 Gewichtsfehler</translation>
    </message>
    <message>
        <source>%1: applied %2; the workbench injects one activation fault at a time, %3 more ignored</source>
        <translation>%1: %2 angewendet; die Werkbank injiziert jeweils einen Aktivierungsfehler, %3 weitere ignoriert</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>Applied %1 from %2</source>
        <translation>%1 aus %2 angewendet</translation>
    </message>
    <message>
        <source>Image not in the data set</source>
        <translation>Bild nicht im Datensatz</translation>
    </message>
    <message>
        <source>The project shows image %1, but the data set has %2 images (0 to %3). Choose an image in the list.</source>
        <translation>Das Projekt zeigt Bild %1, der Datensatz hat aber %2 Bilder (0 bis %3). Wählen Sie ein Bild in der Liste.</translation>
    </message>
</context>
<context>
    <name>faultlens::app::ReportController</name>
    <message>
        <source>Evaluating the baseline and profiling its activation ranges…</source>
        <translation>Baseline wird ausgewertet und ihre Aktivierungsbereiche werden erfasst…</translation>
    </message>
    <message>
        <source>Evaluating the text-guided model and profiling its activation ranges…</source>
        <translation>Textgeführtes Modell wird ausgewertet und seine Aktivierungsbereiche werden erfasst…</translation>
    </message>
    <message>
        <source>Running the campaign…</source>
        <translation>Kampagne läuft…</translation>
    </message>
    <message>
        <source>Computing the Ablation-CAM grids…</source>
        <translation>Ablation-CAM-Raster werden berechnet…</translation>
    </message>
    <message>
        <source>Drawing the figures…</source>
        <translation>Abbildungen werden gezeichnet…</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>Ein Export läuft bereits.</translation>
    </message>
    <message>
        <source>Wrote %1 files to %2</source>
        <translation>%1 Dateien nach %2 geschrieben</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Export cancelled before any figure was written to %1; a campaign it started resumes at the next export</source>
        <translation>Export abgebrochen, bevor eine Abbildung nach %1 geschrieben wurde; eine begonnene Kampagne wird beim nächsten Export fortgesetzt</translation>
    </message>
    <message>
        <source>Measuring how far the Ablation-CAMs move under weight faults…</source>
        <translation>Messe, wie weit sich die Ablation-CAMs unter Gewichtsfehlern verschieben…</translation>
    </message>
    <message>
        <source>Measuring the accuracy under weight bit-error rates…</source>
        <translation>Genauigkeit unter Bitfehlerraten der Gewichte wird gemessen…</translation>
    </message>
    <message>
        <source>Profiling the clamp ranges of both models on the training data…</source>
        <translation>Profiliere die Klemmbereiche beider Modelle auf den Trainingsdaten…</translation>
    </message>
    <message>
        <source>Loading the models and the data set…</source>
        <translation>Lade die Modelle und den Datensatz…</translation>
    </message>
</context>
<context>
    <name>faultlens::app::Workbench</name>
    <message>
        <source>class %1: %2</source>
        <translation>Klasse %1: %2</translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation>ohne Label</translation>
    </message>
    <message>
        <source>  faulty map: %1</source>
        <translation>  fehlerhafte Karte: %1</translation>
    </message>
    <message>
        <source>  clean map: %1</source>
        <translation>  fehlerfreie Karte: %1</translation>
    </message>
    <message>
        <source>
Shared colour scale; magenta = NaN.</source>
        <translation>
Gemeinsame Farbskala; Magenta = NaN.</translation>
    </message>
    <message>
        <source>
One colour scale per map; magenta = NaN.</source>
        <translation>
Eine Farbskala je Karte; Magenta = NaN.</translation>
    </message>
    <message>
        <source>
One colour scale per model; magenta = NaN.</source>
        <translation>
Eine Farbskala je Modell; Magenta = NaN.</translation>
    </message>
    <message>
        <source>%1: %2, %3, y = %4</source>
        <translation>%1: %2, %3, y = %4</translation>
    </message>
    <message>
        <source>this model has no conv2d/linear layer named &apos;%1&apos;; its layers are in the table below</source>
        <translation>dieses Modell hat keine Conv2d-/Linear-Schicht namens &apos;%1&apos;; seine Schichten stehen in der Tabelle darunter</translation>
    </message>
    <message>
        <source>
Colour scale of the clean maps (both models); faulty values above it are white; magenta = NaN.</source>
        <translation>
Farbskala der fehlerfreien Karten (beide Modelle); fehlerhafte Werte darüber sind weiß; Magenta = NaN.</translation>
    </message>
    <message>
        <source>  faulty map moved: r = %1, top-20 % IoU %2, centre %3 px</source>
        <translation>  fehlerhafte Karte verschoben: r = %1, Top-20-%-IoU %2, Schwerpunkt %3 px</translation>
    </message>
    <message>
        <source>  how far the faulty map moved is undefined: %1</source>
        <translation>  wie weit sich die fehlerhafte Karte verschoben hat, ist undefiniert: %1</translation>
    </message>
    <message>
        <source>%1 scales each layer by its abs-max on clean images: open a data set first</source>
        <translation>%1 skaliert jede Schicht mit ihrem Betragsmaximum auf fehlerfreien Bildern: zuerst einen Datensatz öffnen</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>fehlerfrei</translation>
    </message>
    <message>
        <source>faulty</source>
        <translation>fehlerhaft</translation>
    </message>
    <message>
        <source>under the activation fault %1</source>
        <translation>unter dem Aktivierungsfehler %1</translation>
    </message>
    <message numerus="yes">
        <source>under %n weight fault(s)</source>
        <translation>
            <numerusform>unter %n Gewichtsfehler</numerusform>
            <numerusform>unter %n Gewichtsfehlern</numerusform>
        </translation>
    </message>
    <message>
        <source>without a fault</source>
        <translation>ohne Fehler</translation>
    </message>
    <message>
        <source>Ablation-CAM maps of image %1 of %2, clean and %3. </source>
        <translation>Ablation-CAM-Karten von Bild %1 aus %2, fehlerfrei und %3. </translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>Klasse %1</translation>
    </message>
    <message>
        <source>Closed: %1 takes %2×%3×%4 inputs and has %5 classes, but the model just opened (%6) takes %7×%8×%9 and has %10; the two cannot be compared. Open a matching model here.</source>
        <translation>Geschlossen: %1 nimmt Eingaben %2×%3×%4 und hat %5 Klassen, das gerade geöffnete Modell (%6) aber %7×%8×%9 und %10; die beiden lassen sich nicht vergleichen. Öffnen Sie hier ein passendes Modell.</translation>
    </message>
    <message>
        <source>%1 is not a device this build of LibTorch sees (it sees: %2)</source>
        <translation>%1 ist kein Gerät, das dieses LibTorch sieht (es sieht: %2)</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::ActivationMapView</name>
    <message>
        <source>Click a cell to put the fault there</source>
        <translation>Eine Zelle anklicken, um den Fehler dorthin zu setzen</translation>
    </message>
    <message>
        <source>  (|max| %1)</source>
        <translation>  (|max| %1)</translation>
    </message>
    <message>
        <source>(%1, %2): %3</source>
        <translation>(%1, %2): %3</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::ActivationRangePlot</name>
    <message>
        <source>layer (execution order)</source>
        <translation>Schicht (Ausführungsreihenfolge)</translation>
    </message>
    <message>
        <source>%1 abs-mean</source>
        <translation>%1 Betragsmittel</translation>
    </message>
    <message>
        <source>activation |a| over the images (log scale)</source>
        <translation>Aktivierung |a| über die Bilder (log. Skala)</translation>
    </message>
    <message>
        <source>Per-layer activation magnitude of each model over the evaluated images: the largest |a| (abs-max, solid) and the mean |a| (abs-mean, dashed) of every element of the layer&apos;s output, log scale</source>
        <translation>Aktivierungsbetrag je Schicht und Modell über die ausgewerteten Bilder: das größte |a| (Betragsmaximum, durchgezogen) und das mittlere |a| (Betragsmittel, gestrichelt) aller Elemente der Schichtausgabe, logarithmische Skala</translation>
    </message>
    <message>
        <source>abs-max (solid)</source>
        <translation>Betragsmaximum (durchgezogen)</translation>
    </message>
    <message>
        <source>abs-mean (dashed)</source>
        <translation>Betragsmittel (gestrichelt)</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::AnalysisPanel</name>
    <message>
        <source>&amp;Compute</source>
        <translation>&amp;Berechnen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Evaluate the first N images of the data set (all: the whole set)</source>
        <translation>Die ersten N Bilder des Datensatzes auswerten (alle: den ganzen Datensatz)</translation>
    </message>
    <message>
        <source>Accuracy, Top2Diff sweep and per-layer activation ranges of both models</source>
        <translation>Genauigkeit, Top2Diff-Verlauf und Aktivierungsbereiche je Schicht beider Modelle</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Top2Diff sweep</source>
        <translation>Top2Diff-Verlauf</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>Modelle werden geladen…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Compute evaluates both models on the first N images and fills this plot.</source>
        <translation>Berechnen wertet beide Modelle auf den ersten N Bildern aus und füllt dieses Diagramm.</translation>
    </message>
    <message>
        <source>Analyses running on %1 images…</source>
        <translation>Analysen laufen auf %1 Bildern…</translation>
    </message>
    <message>
        <source>Activations per layer</source>
        <translation>Aktivierungen je Schicht</translation>
    </message>
    <message>
        <source>data set |a| max, mean</source>
        <translation>Datensatz |a| Max., Mittel</translation>
    </message>
    <message>
        <source>this image |a| max</source>
        <translation>dieses Bild |a| Max.</translation>
    </message>
    <message>
        <source>this image |a| mean</source>
        <translation>dieses Bild |a| Mittel</translation>
    </message>
    <message>
        <source>this image: deviation</source>
        <translation>dieses Bild: Abweichung</translation>
    </message>
    <message>
        <source>The data set&apos;s activation ranges (Compute), or the selected image layer by layer: clean and with the applied fault, or the faulty output&apos;s relative L2 deviation from the clean one</source>
        <translation>Die Aktivierungsbereiche des Datensatzes (Berechnen) oder das gewählte Bild Schicht für Schicht: fehlerfrei und mit dem angewandten Fehler, oder die relative L2-Abweichung der fehlerhaften Ausgabe von der fehlerfreien</translation>
    </message>
    <message>
        <source>Select an image: its layers appear here, clean and with the applied fault.</source>
        <translation>Ein Bild wählen: seine Schichten erscheinen hier, fehlerfrei und mit dem angewandten Fehler.</translation>
    </message>
    <message>
        <source>Accuracy vs BER</source>
        <translation>Genauigkeit über BER</translation>
    </message>
    <message>
        <source>Sweep evaluates both models with every weight bit flipped independently at each rate (the bits of the format they compute in), several seeded draws per rate.</source>
        <translation>Der Verlauf wertet beide Modelle aus, wobei jedes Gewichtsbit bei jeder Rate unabhängig kippt (die Bits des Formats, in dem sie rechnen), mit mehreren Ziehungen mit Startwert je Rate.</translation>
    </message>
    <message>
        <source>Bit-error rates: LO:HI:N for N log-spaced rates, or a list R1,R2,...</source>
        <translation>Bitfehlerraten: LO:HI:N für N logarithmisch verteilte Raten oder eine Liste R1,R2,...</translation>
    </message>
    <message>
        <source>Trials: independent draws per rate; the interval is a 99 % Student-t interval over them</source>
        <translation>Versuche: unabhängige Ziehungen je Rate; das Intervall ist ein 99-%-Student-t-Intervall über sie</translation>
    </message>
    <message>
        <source>S&amp;weep</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>Accuracy of both models at each rate on the first N images (Images above)</source>
        <translation>Genauigkeit beider Modelle bei jeder Rate auf den ersten N Bildern (Bilder oben)</translation>
    </message>
    <message>
        <source>Top2Diff</source>
        <translation>Top2Diff</translation>
    </message>
    <message>
        <source>Bit-error rate</source>
        <translation>Bitfehlerrate</translation>
    </message>
    <message>
        <source>Bit-error-rate sweep running on %1 images…</source>
        <translation>Bitfehlerraten-Verlauf läuft auf %1 Bildern…</translation>
    </message>
    <message>
        <source>%1 / %2 evaluations</source>
        <translation>%1 / %2 Auswertungen</translation>
    </message>
    <message>
        <source>seed </source>
        <translation>Seed </translation>
    </message>
    <message>
        <source>Seed of the draws: the same seed, rates and trials give the same flips (faultlens-cli ber --seed)</source>
        <translation>Seed der Ziehungen: derselbe Seed mit denselben Raten und Versuchen ergibt dieselben Kippungen (faultlens-cli ber --seed)</translation>
    </message>
    <message>
        <source>trials </source>
        <translation>Versuche </translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::AnalysisPlot</name>
    <message>
        <source>%1; &quot;%2.&quot; left out</source>
        <translation>%1; „%2.“ weggelassen</translation>
    </message>
    <message>
        <source>Layers are in execution order and named by their module paths.</source>
        <translation>Die Schichten stehen in Ausführungsreihenfolge und tragen ihre Modulpfade als Namen.</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::BitErrorRatePlot</name>
    <message>
        <source>weight bit-error rate (log scale)</source>
        <translation>Bitfehlerrate der Gewichte (logarithmisch)</translation>
    </message>
    <message>
        <source>accuracy (%), mean over trials with 99 % interval</source>
        <translation>Genauigkeit (%), Mittel über die Versuche mit 99-%-Intervall</translation>
    </message>
    <message>
        <source>Accuracy of each model with its stored weights under random bit flips at each bit-error rate: the mean over %1 independent trials with its 99 % Student-t interval</source>
        <translation>Genauigkeit jedes Modells, wenn seine gespeicherten Gewichte bei jeder Bitfehlerrate zufällige Bitkipper erleiden: der Mittelwert über %1 unabhängige Versuche mit seinem 99-%-Student-t-Intervall</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::BitView</name>
    <message>
        <source>before</source>
        <translation>vorher</translation>
    </message>
    <message>
        <source>after</source>
        <translation>nachher</translation>
    </message>
    <message>
        <source>The value&apos;s code in %1: %2. Click a bit to select it.</source>
        <translation>Der Code des Werts in %1: %2. Ein Bit anklicken, um es zu wählen.</translation>
    </message>
    <message>
        <source>%1 bit %2 (%3)</source>
        <translation>%1 Bit %2 (%3)</translation>
    </message>
    <message>
        <source>sign</source>
        <translation>Vorzeichen</translation>
    </message>
    <message>
        <source>exponent</source>
        <translation>Exponent</translation>
    </message>
    <message>
        <source>mantissa</source>
        <translation>Mantisse</translation>
    </message>
    <message>
        <source>integer</source>
        <translation>Ganzzahl</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>Bruchteil</translation>
    </message>
    <message>
        <source>two&apos;s complement</source>
        <translation>Zweierkomplement</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::CamChangePlot</name>
    <message>
        <source>Pearson r</source>
        <translation>Pearson-r</translation>
    </message>
    <message>
        <source>%1 (%2 images)</source>
        <translation>%1 (%2 Bilder)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>undefined (a map with NaN/Inf or all zero) in %1 images</source>
        <translation>undefiniert (Karte mit NaN/Inf oder überall null) in %1 Bildern</translation>
    </message>
    <message>
        <source>top-20 %
region IoU</source>
        <translation>Top-20-%-
Region-IoU</translation>
    </message>
    <message>
        <source>centre shift
/ diagonal</source>
        <translation>Schwerpunktverschiebung
/ Diagonale</translation>
    </message>
    <message>
        <source>How far each model&apos;s Ablation-CAM moved under its faults, over %1 images: per metric, a box of the faulty map against the clean map (quartiles, median line, whiskers to the minimum and maximum); Pearson r and the IoU of the top-20 % regions are 1 and the centre-of-mass shift (over the image diagonal) is 0 for an unchanged map</source>
        <translation>Wie weit sich die Ablation-CAM jedes Modells unter seinen Fehlern verschoben hat, über %1 Bilder: je Maß ein Kasten der fehlerhaften gegenüber der fehlerfreien Karte (Quartile, Medianlinie, Antennen bis Minimum und Maximum); Pearson-r und die IoU der Top-20-%-Regionen sind 1 und die Schwerpunktverschiebung (relativ zur Bilddiagonale) ist 0 für eine unveränderte Karte</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::CamFigure</name>
    <message>
        <source>above</source>
        <translation>darüber</translation>
    </message>
    <message>
        <source>NaN</source>
        <translation>NaN</translation>
    </message>
    <message>
        <source>Ablation-CAM value</source>
        <translation>Ablation-CAM-Wert</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::CamGridView</name>
    <message>
        <source>Ablation-CAM maps appear here once an image is selected.</source>
        <translation>Ablation-CAM-Karten erscheinen hier, sobald ein Bild gewählt ist.</translation>
    </message>
    <message>
        <source>Colour map (jet as in the paper; viridis and cividis are colour-blind safe)</source>
        <translation>Farbskala (jet wie im Paper; viridis und cividis sind farbenblindsicher)</translation>
    </message>
    <message>
        <source>one scale for all maps</source>
        <translation>eine Skala für alle Karten</translation>
    </message>
    <message>
        <source>one scale per model</source>
        <translation>eine Skala je Modell</translation>
    </message>
    <message>
        <source>one scale per map</source>
        <translation>eine Skala je Karte</translation>
    </message>
    <message>
        <source>colour bar</source>
        <translation>Farbbalken</translation>
    </message>
    <message>
        <source>Opacity of the maps over the image</source>
        <translation>Deckkraft der Karten über dem Bild</translation>
    </message>
    <message>
        <source>Draw a colour bar for each colour scale</source>
        <translation>Für jede Farbskala einen Farbbalken zeichnen</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>scale of the clean maps</source>
        <translation>Skala der fehlerfreien Karten</translation>
    </message>
    <message>
        <source>Which maps share a colour scale. Clean: every map on the clean maps&apos; range, faulty values above it white, so clean and faulty maps stay comparable under a huge faulty value</source>
        <translation>Welche Karten eine Farbskala teilen. Fehlerfrei: alle Karten auf dem Bereich der fehlerfreien Karten, fehlerhafte Werte darüber weiß, damit fehlerfreie und fehlerhafte Karten auch unter einem riesigen Fehlerwert vergleichbar bleiben</translation>
    </message>
    <message>
        <source>The CAM target: the convolution or block output whose channels are ablated</source>
        <translation>Das CAM-Ziel: die Faltung oder Blockausgabe, deren Kanäle ablatiert werden</translation>
    </message>
    <message>
        <source>last block (default)</source>
        <translation>letzter Block (Standard)</translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation>%1 (Standard)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save the grid as a figure (PDF, SVG or PNG) in the figure style, with its caption</source>
        <translation>Das Raster als Abbildung (PDF, SVG oder PNG) im Abbildungsstil speichern, mit seiner Bildunterschrift</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::CampaignDeltaLossPlot</name>
    <message>
        <source>faulted layer</source>
        <translation>fehlerhafte Schicht</translation>
    </message>
    <message>
        <source>mean ΔLoss (nats) ± 99 % CI</source>
        <translation>mittlerer ΔLoss (nats) ± 99-%-KI</translation>
    </message>
    <message>
        <source>Campaign ΔLoss per faulted layer: the mean change of the cross-entropy loss (nats) that one injection caused, with 99 % normal intervals, each model (the campaign&apos;s protocol says whether the change is signed or absolute)</source>
        <translation>ΔLoss der Kampagne je fehlerbehafteter Schicht: die mittlere Änderung des Kreuzentropieverlusts (nats) durch eine Injektion, mit 99-%-Normalintervallen, je Modell (das Protokoll der Kampagne sagt, ob die Änderung vorzeichenbehaftet oder absolut ist)</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::CampaignNarrowingPlot</name>
    <message>
        <source>injections into the layer</source>
        <translation>Injektionen in die Schicht</translation>
    </message>
    <message>
        <source>; the dashed line is the stopping rule&apos;s bound %1, at which a layer stops</source>
        <translation>; die gestrichelte Linie ist die Schranke %1 der Abbruchregel, bei der eine Schicht endet</translation>
    </message>
    <message>
        <source>99 % interval half-width (percentage points, log scale)</source>
        <translation>halbe Breite des 99-%-Intervalls (Prozentpunkte, log. Skala)</translation>
    </message>
    <message>
        <source>How each layer&apos;s 99 % interval narrowed as its injections grew: the half-width of the interval of the mean ΔLoss, in percent of the mean, at each check, one line per layer in its model&apos;s colour, log scale</source>
        <translation>Wie sich das 99-%-Intervall jeder Schicht mit ihren Injektionen verengte: die halbe Breite des Intervalls des mittleren ΔLoss in Prozent des Mittelwerts bei jeder Prüfung, eine Linie je Schicht in der Farbe ihres Modells, logarithmische Skala</translation>
    </message>
    <message>
        <source>How each layer&apos;s 99 % interval narrowed as its injections grew: the half-width of the Wilson interval of the mismatch rate, in percentage points, at each check, one line per layer in its model&apos;s colour, log scale</source>
        <translation>Wie sich das 99-%-Intervall jeder Schicht mit ihren Injektionen verengte: die halbe Breite des Wilson-Intervalls der Abweichungsrate in Prozentpunkten bei jeder Prüfung, eine Linie je Schicht in der Farbe ihres Modells, logarithmische Skala</translation>
    </message>
    <message>
        <source>99 % interval half-width (% of the mean ΔLoss, log scale)</source>
        <translation>halbe Breite des 99-%-Intervalls (% des mittleren ΔLoss, log. Skala)</translation>
    </message>
    <message>
        <source> stop at %1 % of the mean</source>
        <translation> Abbruch bei %1 % des Mittelwerts</translation>
    </message>
    <message>
        <source> stop at %1 pp</source>
        <translation> Abbruch bei %1 Pp.</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::CampaignPanel</name>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Open stored…</source>
        <translation>Gespeicherte öffnen…</translation>
    </message>
    <message>
        <source>directory for records and summary</source>
        <translation>Verzeichnis für Datensätze und Zusammenfassung</translation>
    </message>
    <message>
        <source>Results are appended here as they complete; starting again with the same settings resumes where the last run stopped</source>
        <translation>Ergebnisse werden hier angehängt, sobald sie fertig sind; ein neuer Start mit denselben Einstellungen setzt dort fort, wo der letzte Lauf aufhörte</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose the campaign directory</source>
        <translation>Kampagnenverzeichnis wählen</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Verzeichnis</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>Flip bits in layer outputs (activations) or in layer weights</source>
        <translation>Bits in Schichtausgaben (Aktivierungen) oder in Schichtgewichten kippen</translation>
    </message>
    <message>
        <source>Fault kind</source>
        <translation>Fehlerart</translation>
    </message>
    <message>
        <source>Error model</source>
        <translation>Fehlermodell</translation>
    </message>
    <message>
        <source>Layers to inject into; all of them by default</source>
        <translation>Schichten, in die injiziert wird; standardmäßig alle</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Injections per layer and model (4096 is the paper&apos;s setting)</source>
        <translation>Injektionen je Schicht und Modell (4096 wie im Paper)</translation>
    </message>
    <message>
        <source>Injections per layer</source>
        <translation>Injektionen je Schicht</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Draw images from the first N of the data set (all: the whole set)</source>
        <translation>Bilder aus den ersten N des Datensatzes ziehen (alle: der ganze Datensatz)</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>Bits</translation>
    </message>
    <message>
        <source>Every image, site and bit is drawn from this seed: the same seed gives the same campaign</source>
        <translation>Jedes Bild, jede Stelle und jedes Bit wird aus diesem Seed gezogen: derselbe Seed ergibt dieselbe Kampagne</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Faults per forward pass; part of the campaign&apos;s identity</source>
        <translation>Fehler je Vorwärtsdurchlauf; Teil der Identität der Kampagne</translation>
    </message>
    <message>
        <source>Faults per pass</source>
        <translation>Fehler je Durchlauf</translation>
    </message>
    <message>
        <source>Start the campaign, or resume it when the directory holds an unfinished one</source>
        <translation>Die Kampagne starten oder fortsetzen, wenn das Verzeichnis eine unvollendete enthält</translation>
    </message>
    <message>
        <source>Stop after the current batch; finished injections stay on disk</source>
        <translation>Nach dem aktuellen Stapel anhalten; fertige Injektionen bleiben gespeichert</translation>
    </message>
    <message>
        <source>Show a stored campaign and its results; Start resumes it</source>
        <translation>Eine gespeicherte Kampagne und ihre Ergebnisse zeigen; Start setzt sie fort</translation>
    </message>
    <message>
        <source>Cannot start the campaign</source>
        <translation>Die Kampagne kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>Choose a directory for its records first.</source>
        <translation>Zuerst ein Verzeichnis für ihre Datensätze wählen.</translation>
    </message>
    <message>
        <source>Tick at least one layer.</source>
        <translation>Mindestens eine Schicht ankreuzen.</translation>
    </message>
    <message>
        <source>The lowest bit is above the highest.</source>
        <translation>Das niedrigste Bit liegt über dem höchsten.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Cancelling after the current batch…</source>
        <translation>Abbruch nach dem aktuellen Stapel…</translation>
    </message>
    <message>
        <source>Open a stored campaign (its directory)</source>
        <translation>Eine gespeicherte Kampagne öffnen (ihr Verzeichnis)</translation>
    </message>
    <message>
        <source>Stored campaign of %1 on %2%3, %4 protocol</source>
        <translation>Gespeicherte Kampagne von %1 auf %2%3, Protokoll %4</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>, with range restriction</source>
        <translation>, mit Bereichsbeschränkung</translation>
    </message>
    <message>
        <source>Resuming: %1 of %2 injections already recorded</source>
        <translation>Fortsetzung: %1 von %2 Injektionen bereits gespeichert</translation>
    </message>
    <message>
        <source>%1 injections</source>
        <translation>%1 Injektionen</translation>
    </message>
    <message>
        <source>%1 / %2 injections · %3 per second · ETA %4</source>
        <translation>%1 / %2 Injektionen · %3 pro Sekunde · Restzeit %4</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>text-guided</source>
        <translation>textgeführt</translation>
    </message>
    <message>
        <source>%1: mismatch %2 %, ΔLoss %3</source>
        <translation>%1: Abweichung %2 %, ΔLoss %3</translation>
    </message>
    <message>
        <source>Network (mean over layers) — %1</source>
        <translation>Netz (Mittel über Schichten) — %1</translation>
    </message>
    <message>
        <source>; improvement factor %1</source>
        <translation>; Verbesserungsfaktor %1</translation>
    </message>
    <message>
        <source>n/a (text-guided ΔLoss ≤ 0)</source>
        <translation>n. v. (textgeführter ΔLoss ≤ 0)</translation>
    </message>
    <message>
        <source>Campaign directory</source>
        <translation>Kampagnenverzeichnis</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>%1 injections recorded</source>
        <translation>%1 Injektionen gespeichert</translation>
    </message>
    <message>
        <source>Mismatch rate</source>
        <translation>Abweichung</translation>
    </message>
    <message>
        <source>ΔLoss</source>
        <translation>ΔLoss</translation>
    </message>
    <message>
        <source>%1: no injections yet</source>
        <translation>%1: noch keine Injektionen</translation>
    </message>
    <message>
        <source>Campaign running: %1</source>
        <translation>Kampagne läuft: %1</translation>
    </message>
    <message>
        <source>Fragile inputs</source>
        <translation>Anfällige</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>injections</source>
        <translation>Injektionen</translation>
    </message>
    <message>
        <source>mismatches</source>
        <translation>Abweichungen</translation>
    </message>
    <message>
        <source>mismatch rate (%)</source>
        <translation>Abweichungsrate (%)</translation>
    </message>
    <message>
        <source>clean Top2Diff</source>
        <translation>Top2Diff fehlerfrei</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 [unbounded]</source>
        <translation>%1 [unbeschränkt]</translation>
    </message>
    <message>
        <source>Paired, baseline − text-guided (99 %): network improvement factor %1, mismatch difference %2 (bootstrap p = %3)</source>
        <translation>Gepaart, Basis − textgeführt (99 %): Verbesserungsfaktor des Netzes %1, Differenz der Abweichungsraten %2 (Bootstrap-p = %3)</translation>
    </message>
    <message>
        <source>; last layer (%1 / %2): factor %3, mismatch difference %4 (McNemar p = %5)</source>
        <translation>; letzte Schicht (%1 / %2): Faktor %3, Differenz der Abweichungsraten %4 (McNemar-p = %5)</translation>
    </message>
    <message>
        <source>mismatch rate</source>
        <translation>Abweichungsrate</translation>
    </message>
    <message>
        <source>ΔLoss, relative to its mean</source>
        <translation>ΔLoss, relativ zu seinem Mittel</translation>
    </message>
    <message>
        <source>Whose interval must be narrow: the mismatch rate&apos;s (Wilson) or the mean ΔLoss&apos;s, divided by the mean</source>
        <translation>Welches Intervall schmal sein muss: das der Abweichungsrate (Wilson) oder das des mittleren ΔLoss, geteilt durch das Mittel</translation>
    </message>
    <message>
        <source>Stop at half-width</source>
        <translation>Stopp bei Halbbreite</translation>
    </message>
    <message>
        <source>Injections per layer between two checks; a multiple of the faults per pass wastes nothing</source>
        <translation>Injektionen je Schicht zwischen zwei Prüfungen; ein Vielfaches der Fehler je Durchlauf verschwendet nichts</translation>
    </message>
    <message>
        <source>Check every</source>
        <translation>Prüfen alle</translation>
    </message>
    <message>
        <source>%1: %2 of %3 layers stopped (%4 before %5), %6 injections instead of %7</source>
        <translation>%1: %2 von %3 Schichten gestoppt (%4 vor %5), %6 Injektionen statt %7</translation>
    </message>
    <message>
        <source>The number format the models compute in during the campaign (weights rounded once, every conv/linear output rounded); faults flip bits of the value&apos;s code in it. int8 scales each layer by its abs-max: the paper protocol&apos;s profiles, else the first 512 images of the data set</source>
        <translation>Das Zahlenformat, in dem die Modelle während der Kampagne rechnen (Gewichte einmal gerundet, jede Conv-/Linear-Ausgabe gerundet); Fehler kippen Bits des Codes des Werts darin. int8 skaliert jede Schicht mit ihrem Betragsmaximum: die Profile des Protokolls der Veröffentlichung, sonst die ersten 512 Bilder des Datensatzes</translation>
    </message>
    <message>
        <source>Values in</source>
        <translation>Werte in</translation>
    </message>
    <message>
        <source>Bits each fault changes in one value (a multi-bit upset); 1 is the paper&apos;s single flip</source>
        <translation>Bits, die jeder Fehler in einem Wert ändert (ein Mehrbitfehler); 1 ist das einzelne Kippen der Veröffentlichung</translation>
    </message>
    <message>
        <source>adjacent (a burst)</source>
        <translation>benachbart (ein Burst)</translation>
    </message>
    <message>
        <source>anywhere in the range</source>
        <translation>beliebig im Bereich</translation>
    </message>
    <message>
        <source>Where a fault&apos;s bits lie: side by side within the bit range, or drawn apart from it (seeded)</source>
        <translation>Wo die Bits eines Fehlers liegen: nebeneinander im Bitbereich oder einzeln daraus gezogen (mit Startwert)</translation>
    </message>
    <message>
        <source>Bits per fault</source>
        <translation>Bits je Fehler</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a number format: fp32, fp16, bf16, fp8-e4m3, fp8-e5m2, int8 or fixed:I.F.</source>
        <translation>„%1“ ist kein Zahlenformat: fp32, fp16, bf16, fp8-e4m3, fp8-e5m2, int8 oder fixed:I.F.</translation>
    </message>
    <message>
        <source>%1 bits per fault do not fit in bits %2 to %3.</source>
        <translation>%1 Bits je Fehler passen nicht in die Bits %2 bis %3.</translation>
    </message>
    <message>
        <source> pp</source>
        <translation> Pp.</translation>
    </message>
    <message>
        <source> % of the mean</source>
        <translation> % des Mittelwerts</translation>
    </message>
    <message>
        <source>the data set&apos;s training split</source>
        <translation>der Trainingsteil des Datensatzes</translation>
    </message>
    <message>
        <source>Training data the paper&apos;s protocol profiles each layer&apos;s range on: fashion-mnist:train, an IDX or CIFAR file or an image folder</source>
        <translation>Trainingsdaten, auf denen das Protokoll des Papers den Bereich jeder Schicht profiliert: fashion-mnist:train, eine IDX- oder CIFAR-Datei oder ein Bildordner</translation>
    </message>
    <message>
        <source>Range profile from</source>
        <translation>Bereichsprofil aus</translation>
    </message>
    <message>
        <source>%1: %2 injections with a NaN/Inf loss are counted apart (mismatches, not in ΔLoss)</source>
        <translation>%1: %2 Injektionen mit NaN/Inf-Verlust werden getrennt gezählt (Fehlklassifikationen, nicht im ΔLoss)</translation>
    </message>
    <message>
        <source>The improvement factor divides such means: compare the mismatch rates, or use the paper protocol (bounded ranges), before reading it.</source>
        <translation>Der Verbesserungsfaktor teilt solche Mittelwerte: vergleichen Sie die Fehlklassifikationsraten oder nutzen Sie das Protokoll der Veröffentlichung (begrenzte Wertebereiche), bevor Sie ihn lesen.</translation>
    </message>
    <message>
        <source>unfinished</source>
        <translation>unvollständig</translation>
    </message>
    <message>
        <source>%1 ΔLoss is carried by overflows: %2 injections with ΔLoss ≥ 10⁴ (activations pushed to float32&apos;s far range) hold %3 % of it (the top 1 % of injections: %4 %), so the mean describes those, not a typical fault</source>
        <translation>ΔLoss %1 wird von Überläufen getragen: %2 Injektionen mit ΔLoss ≥ 10⁴ (Aktivierungen in den fernen float32-Bereich getrieben) halten %3 % davon (das oberste 1 % der Injektionen: %4 %), der Mittelwert beschreibt also diese, nicht einen typischen Fehler</translation>
    </message>
    <message>
        <source>Narrowing</source>
        <translation>Verengung</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Stop a layer once its 99 % interval half-width is at most this (checked every few injections; the count above is the maximum). Corresponding layers of two models stop together, when both are this narrow. Off: every layer runs to the count above</source>
        <translation>Eine Schicht stoppt, sobald die Halbbreite ihres 99-%-Intervalls höchstens diesen Wert hat (alle paar Injektionen geprüft; die Anzahl oben ist das Maximum). Einander entsprechende Schichten zweier Modelle stoppen gemeinsam, wenn beide so schmal sind. Aus: jede Schicht läuft bis zur Anzahl oben</translation>
    </message>
    <message>
        <source>Half-width of</source>
        <translation>Halbbreite von</translation>
    </message>
    <message>
        <source>%1 pp [%2, %3]</source>
        <translation>%1 Pp. [%2, %3]</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::CampaignResultPlot</name>
    <message>
        <source>mismatch rate (%) ± 99 % CI</source>
        <translation>Abweichungsrate (%) ± 99-%-KI</translation>
    </message>
    <message>
        <source>faulted layer</source>
        <translation>fehlerhafte Schicht</translation>
    </message>
    <message>
        <source>Campaign mismatch rate per faulted layer: the share of injections after which the model&apos;s top-1 answer differed from its fault-free answer, with 99 % Wilson intervals, each model</source>
        <translation>Abweichungsrate der Kampagne je fehlerbehafteter Schicht: der Anteil der Injektionen, nach denen die Top-1-Antwort des Modells von seiner fehlerfreien Antwort abwich, mit 99-%-Wilson-Intervallen, je Modell</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::ComputeDevice</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::FaultEditor</name>
    <message>
        <source>last layer of each model  %1</source>
        <translation>letzte Schicht jedes Modells  %1</translation>
    </message>
    <message>
        <source>&amp;Apply to both models</source>
        <translation>Auf beide Modelle &amp;anwenden</translation>
    </message>
    <message>
        <source>Apply &amp;weight faults</source>
        <translation>&amp;Gewichtsfehler anwenden</translation>
    </message>
    <message>
        <source>C&amp;lear fault</source>
        <translation>Fehler &amp;entfernen</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>Inject this fault into the selected image&apos;s inference, in both models (Ctrl+Return)</source>
        <translation>Diesen Fehler in die Inferenz des gewählten Bildes injizieren, in beiden Modellen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Back to the clean inference: removes activation and weight faults</source>
        <translation>Zurück zur fehlerfreien Inferenz: entfernt Aktivierungs- und Gewichtsfehler</translation>
    </message>
    <message>
        <source>Random weight faults over all conv/linear weights together; the paper flips 2000 of ResNet-50&apos;s 25.5 M weights</source>
        <translation>Zufällige Gewichtsfehler über alle Conv-/Linear-Gewichte zusammen; das Paper kippt 2000 der 25,5 Mio. Gewichte von ResNet-50</translation>
    </message>
    <message>
        <source>The same seed draws the same sites, bits and layers</source>
        <translation>Derselbe Seed zieht dieselben Stellen, Bits und Schichten</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Return</source>
        <translation>Ctrl+Shift+Return</translation>
    </message>
    <message>
        <source>Write N random weight faults (error model above) into both models for the selected image&apos;s inference, alongside any activation fault (Ctrl+Shift+Return)</source>
        <translation>N zufällige Gewichtsfehler (Fehlermodell oben) für die Inferenz des gewählten Bildes in beide Modelle schreiben, zusätzlich zu einem Aktivierungsfehler (Strg+Umschalt+Eingabe)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Site (per image)</source>
        <translation>Stelle (je Bild)</translation>
    </message>
    <message>
        <source>Bit</source>
        <translation>Bit</translation>
    </message>
    <message>
        <source>Error model</source>
        <translation>Fehlermodell</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Random weight faults</source>
        <translation>Zufällige Gewichtsfehler</translation>
    </message>
    <message>
        <source>%1: select an image to see its output</source>
        <translation>%1: ein Bild wählen, um seine Ausgabe zu sehen</translation>
    </message>
    <message>
        <source>channel %1 of %2</source>
        <translation>Kanal %1 von %2</translation>
    </message>
    <message>
        <source>%1: no map for a %2-dimensional output</source>
        <translation>%1: keine Karte für eine %2-dimensionale Ausgabe</translation>
    </message>
    <message>
        <source>The conv or linear layer whose output the fault hits; &quot;last layer of each model&quot; takes each model&apos;s own classifier</source>
        <translation>Die Faltungs- oder lineare Schicht, deren Ausgabe der Fehler trifft; „letzte Schicht jedes Modells“ nimmt den eigenen Klassifikator jedes Modells</translation>
    </message>
    <message>
        <source>bit-flip inverts the bit; stuck-at-0 and stuck-at-1 force it</source>
        <translation>bit-flip kippt das Bit; stuck-at-0 und stuck-at-1 erzwingen es</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>Merkmal</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>row (height)</source>
        <translation>Zeile (Höhe)</translation>
    </message>
    <message>
        <source>column (width)</source>
        <translation>Spalte (Breite)</translation>
    </message>
    <message>
        <source>index in dimension %1</source>
        <translation>Index in Dimension %1</translation>
    </message>
    <message>
        <source>The site&apos;s %1 in the layer&apos;s per-image output %2: 0 to %3</source>
        <translation>%1 der Stelle in der Ausgabe der Schicht je Bild %2: 0 bis %3</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Values in</source>
        <translation>Werte in</translation>
    </message>
    <message>
        <source>The number format both models compute in: weights rounded once, every conv/linear output rounded, and a fault flips a bit of the value&apos;s code in it. fixed:I.F is two&apos;s complement with I integer and F fraction bits after the sign; int8 scales each layer by its abs-max on the open data set</source>
        <translation>Das Zahlenformat, in dem beide Modelle rechnen: Gewichte einmal gerundet, jede Conv-/Linear-Ausgabe gerundet, und ein Fehler kippt ein Bit des Codes des Werts darin. fixed:I.F ist Zweierkomplement mit I Ganzzahl- und F Nachkommabits nach dem Vorzeichen; int8 skaliert jede Schicht mit ihrem Betragsmaximum auf dem geöffneten Datensatz</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Jetzt: %1</translation>
    </message>
    <message>
        <source>Bit of the value&apos;s %1 code: %2</source>
        <translation>Bit des %1-Codes des Werts: %2</translation>
    </message>
    <message>
        <source>How many adjacent bits of the code flip (or stick) together, from Bit upwards: a burst, as a campaign&apos;s --flips K --flip-placement burst</source>
        <translation>Wie viele benachbarte Bits des Codes zusammen kippen (oder hängen), vom Bit aufwärts: ein Burst, wie --flips K --flip-placement burst einer Kampagne</translation>
    </message>
    <message>
        <source>Adjacent bits</source>
        <translation>Benachbarte Bits</translation>
    </message>
    <message>
        <source>bits %1</source>
        <translation>Bits %1</translation>
    </message>
    <message>
        <source>text-guided only: %1  %2</source>
        <translation>nur textgeführt: %1  %2</translation>
    </message>
    <message>
        <source>Not applied yet: Apply injects this fault (the one shown in the models is still %1).</source>
        <translation>Noch nicht angewendet: Anwenden injiziert diesen Fehler (in den Modellen wirkt noch %1).</translation>
    </message>
    <message>
        <source>Not applied yet: Apply injects this fault.</source>
        <translation>Noch nicht angewendet: Anwenden injiziert diesen Fehler.</translation>
    </message>
    <message>
        <source>Clean value here (%1): %2. %3</source>
        <translation>Fehlerfreier Wert hier (%1): %2. %3</translation>
    </message>
    <message>
        <source>Text-guided</source>
        <translation>Textgeführt</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Basismodell</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::FigureStyle</name>
    <message>
        <source>&apos;%1&apos; is no figure size: single, double, slide, or WxH in inches (e.g. 3.3x2.5), each %2 to %3 in</source>
        <translation>&apos;%1&apos; ist keine Abbildungsgröße: single, double, slide oder BxH in Zoll (z. B. 3.3x2.5), jeweils %2 bis %3 in</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::FigureStyleForm</name>
    <message>
        <source>single column (3.5 × 2.625 in)</source>
        <translation>eine Spalte (3,5 × 2,625 in)</translation>
    </message>
    <message>
        <source>double column (7.17 × 3.25 in)</source>
        <translation>zwei Spalten (7,17 × 3,25 in)</translation>
    </message>
    <message>
        <source>slide (10 × 5.625 in)</source>
        <translation>Folie (10 × 5,625 in)</translation>
    </message>
    <message>
        <source>custom width × height</source>
        <translation>eigene Breite × Höhe</translation>
    </message>
    <message>
        <source>Figures are drawn at this printed size, so their text prints at the font size</source>
        <translation>Abbildungen werden in dieser Druckgröße gezeichnet, damit ihr Text in der Schriftgröße gedruckt wird</translation>
    </message>
    <message>
        <source>e.g. 3.3x2.5 (inches)</source>
        <translation>z. B. 3.3x2.5 (Zoll)</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Axis titles and legend at the printed size; tick labels one point smaller (at least 7)</source>
        <translation>Achsentitel und Legende in der Druckgröße; Teilstrichbeschriftungen einen Punkt kleiner (mindestens 7)</translation>
    </message>
    <message>
        <source>inside, where it covers no data</source>
        <translation>innen, wo sie keine Daten verdeckt</translation>
    </message>
    <message>
        <source>under the axes</source>
        <translation>unter den Achsen</translation>
    </message>
    <message>
        <source>none (the caption names the series)</source>
        <translation>keine (die Bildunterschrift nennt die Reihen)</translation>
    </message>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source>Resolution of the PNG copies; PDF and SVG are vector figures</source>
        <translation>Auflösung der PNG-Kopien; PDF und SVG sind Vektorabbildungen</translation>
    </message>
    <message>
        <source>Figure size</source>
        <translation>Abbildungsgröße</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>Schriftgröße</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Legende</translation>
    </message>
    <message>
        <source>PNG resolution</source>
        <translation>PNG-Auflösung</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::FragilityScatterPlot</name>
    <message>
        <source>clean Top2Diff (percentage points)</source>
        <translation>Top2Diff fehlerfrei (Prozentpunkte)</translation>
    </message>
    <message>
        <source>mismatch rate of the faults that hit the image (%)</source>
        <translation>Abweichungsrate der Fehler in diesem Bild (%)</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 (Spearman ρ = %2)</source>
        <translation>%1 (Spearman-ρ = %2)</translation>
    </message>
    <message>
        <source>Fragile inputs: for each image the campaign&apos;s faults hit, its clean Top2Diff against the share of those faults that changed the model&apos;s answer, each model with Spearman&apos;s rank correlation ρ in its legend entry</source>
        <translation>Anfällige Eingaben: für jedes von den Fehlern der Kampagne getroffene Bild sein fehlerfreies Top2Diff gegen den Anteil dieser Fehler, die die Antwort des Modells änderten, je Modell mit Spearmans Rangkorrelation ρ in seinem Legendeneintrag</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::ImageBrowser</name>
    <message>
        <source>Show only images of one class</source>
        <translation>Nur Bilder einer Klasse zeigen</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <source>No data set</source>
        <translation>Kein Datensatz</translation>
    </message>
    <message>
        <source>Any answer</source>
        <translation>Jede Antwort</translation>
    </message>
    <message>
        <source>Baseline wrong</source>
        <translation>Basismodell falsch</translation>
    </message>
    <message>
        <source>Text-guided wrong</source>
        <translation>Textgeführt falsch</translation>
    </message>
    <message>
        <source>Either wrong</source>
        <translation>Eines falsch</translation>
    </message>
    <message>
        <source>Both correct</source>
        <translation>Beide richtig</translation>
    </message>
    <message>
        <source>any Top2Diff</source>
        <translation>jeder Top2Diff</translation>
    </message>
    <message>
        <source>Top2Diff ≤ </source>
        <translation>Top2Diff ≤ </translation>
    </message>
    <message>
        <source> pp</source>
        <translation> Pp.</translation>
    </message>
    <message>
        <source>Evaluate the models in the Analyses dock first; the filters then apply to the evaluated images</source>
        <translation>Zuerst die Modelle im Analysen-Fenster auswerten; die Filter gelten dann für die ausgewerteten Bilder</translation>
    </message>
    <message>
        <source>Applies to the %1 evaluated images</source>
        <translation>Gilt für die %1 ausgewerteten Bilder</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::ImageLayerPlot</name>
    <message>
        <source>layer (execution order)</source>
        <translation>Schicht (Ausführungsreihenfolge)</translation>
    </message>
    <message>
        <source>%1 clean</source>
        <translation>%1 fehlerfrei</translation>
    </message>
    <message>
        <source>relative L2 deviation (log scale)</source>
        <translation>relative L2-Abweichung (log. Skala)</translation>
    </message>
    <message>
        <source>|a| max of the layer output (log scale)</source>
        <translation>|a| max der Schichtausgabe (log. Skala)</translation>
    </message>
    <message>
        <source>|a| mean of the layer output (log scale)</source>
        <translation>|a| Mittel der Schichtausgabe (log. Skala)</translation>
    </message>
    <message>
        <source>One image layer by layer, each model: the relative L2 deviation of the faulty layer output from the clean one, ‖faulty − clean‖ / ‖clean‖, log scale</source>
        <translation>Ein Bild Schicht für Schicht, je Modell: die relative L2-Abweichung der fehlerhaften Schichtausgabe von der fehlerfreien, ‖fehlerhaft − fehlerfrei‖ / ‖fehlerfrei‖, logarithmische Skala</translation>
    </message>
    <message>
        <source>One image layer by layer, each model: the largest |a| of each layer&apos;s output, clean run (dashed) and faulty run (solid), log scale</source>
        <translation>Ein Bild Schicht für Schicht, je Modell: das größte |a| jeder Schichtausgabe, fehlerfreier Lauf (gestrichelt) und fehlerhafter Lauf (durchgezogen), logarithmische Skala</translation>
    </message>
    <message>
        <source>One image layer by layer, each model: the largest |a| of each layer&apos;s output, log scale</source>
        <translation>Ein Bild Schicht für Schicht, je Modell: das größte |a| jeder Schichtausgabe, logarithmische Skala</translation>
    </message>
    <message>
        <source>One image layer by layer, each model: the mean |a| of each layer&apos;s output, clean run (dashed) and faulty run (solid), log scale</source>
        <translation>Ein Bild Schicht für Schicht, je Modell: das mittlere |a| jeder Schichtausgabe, fehlerfreier Lauf (gestrichelt) und fehlerhafter Lauf (durchgezogen), logarithmische Skala</translation>
    </message>
    <message>
        <source>One image layer by layer, each model: the mean |a| of each layer&apos;s output, log scale</source>
        <translation>Ein Bild Schicht für Schicht, je Modell: das mittlere |a| jeder Schichtausgabe, logarithmische Skala</translation>
    </message>
    <message>
        <source>Crosses on the top row mark NaN or infinite values, which have no place on the axis (%1)</source>
        <translation>Kreuze in der obersten Reihe markieren NaN oder unendliche Werte, die auf der Achse keinen Platz haben (%1)</translation>
    </message>
    <message>
        <source>Zero values have no place on the log axis and are not drawn; the CSV lists every value</source>
        <translation>Nullwerte haben auf der logarithmischen Achse keinen Platz und werden nicht gezeichnet; die CSV-Datei enthält jeden Wert</translation>
    </message>
    <message>
        <source>clean (dashed)</source>
        <translation>fehlerfrei (gestrichelt)</translation>
    </message>
    <message>
        <source>faulty (solid)</source>
        <translation>fehlerhaft (durchgezogen)</translation>
    </message>
    <message>
        <source>NaN/Inf (top row)</source>
        <translation>NaN/Inf (oberste Reihe)</translation>
    </message>
    <message>
        <source>%1 NaN/Inf</source>
        <translation>%1 NaN/Inf</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::ImageListModel</name>
    <message>
        <source>#%1: %2</source>
        <translation>#%1: %2</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::InputSpecDialog</name>
    <message>
        <source>Model input</source>
        <translation>Modelleingabe</translation>
    </message>
    <message>
        <source>none (resize straight to height × width)</source>
        <translation>keine (direkt auf Höhe × Breite skalieren)</translation>
    </message>
    <message>
        <source>Shorter image side before the centre crop (torchvision&apos;s Resize + CenterCrop)</source>
        <translation>Kürzere Bildseite vor dem zentrierten Zuschnitt (torchvisions Resize + CenterCrop)</translation>
    </message>
    <message>
        <source>Per-channel mean, subtracted after scaling pixels to [0, 1]</source>
        <translation>Mittelwert je Kanal, abgezogen nach dem Skalieren der Pixel auf [0, 1]</translation>
    </message>
    <message>
        <source>Per-channel standard deviation, divided by after the mean</source>
        <translation>Standardabweichung je Kanal, durch die nach dem Mittelwert geteilt wird</translation>
    </message>
    <message>
        <source>Save these settings as %1 next to the model</source>
        <translation>Diese Einstellungen als %1 neben dem Modell speichern</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>Resize shorter side to</source>
        <translation>Kürzere Seite skalieren auf</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>Standardabweichung</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>its first convolution takes 3 channels; the values are torchvision&apos;s ImageNet convention for colour models</source>
        <translation>seine erste Faltung nimmt 3 Kanäle; die Werte sind die ImageNet-Konvention von torchvision für Farbmodelle</translation>
    </message>
    <message>
        <source>its first convolution takes 1 channel (grey images); grey models have no common convention, so the values are pixels scaled to [0, 1] without normalisation at 28 × 28, as for MNIST-like data</source>
        <translation>seine erste Faltung nimmt 1 Kanal (Graustufenbilder); für Graustufenmodelle gibt es keine verbreitete Konvention, daher sind die Werte Pixel, auf [0, 1] skaliert, ohne Normalisierung, bei 28 × 28 wie für MNIST-artige Daten</translation>
    </message>
    <message numerus="yes">
        <source>its first convolution takes %n channel(s); there is no common convention for such models, so the values are pixels scaled to [0, 1] without normalisation</source>
        <translation>
            <numerusform>seine erste Faltung nimmt %n Kanal; für solche Modelle gibt es keine verbreitete Konvention, daher sind die Werte Pixel, auf [0, 1] skaliert, ohne Normalisierung</numerusform>
            <numerusform>seine erste Faltung nimmt %n Kanäle; für solche Modelle gibt es keine verbreitete Konvention, daher sind die Werte Pixel, auf [0, 1] skaliert, ohne Normalisierung</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; does not say what input it expects. FaultLens proposes the values below: %2. Check them against how the model was trained: wrong normalisation gives wrong predictions without any error.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; gibt nicht an, welche Eingabe es erwartet. FaultLens schlägt die Werte unten vor: %2. Prüfen Sie sie gegen das Training des Modells: eine falsche Normalisierung ergibt falsche Vorhersagen ohne jeden Fehler.</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::LayerTableModel</name>
    <message>
        <source>computed</source>
        <translation>berechnet</translation>
    </message>
    <message>
        <source>not executed</source>
        <translation>nicht ausgeführt</translation>
    </message>
    <message>
        <source> (batch-independent)</source>
        <translation> (stapelunabhängig)</translation>
    </message>
    <message>
        <source>Output shape of one image, without the batch dimension</source>
        <translation>Ausgabeform eines Bildes, ohne Stapeldimension</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::MainWindow</name>
    <message>
        <source>Baseline</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Text-guided</source>
        <translation>Textgeführt</translation>
    </message>
    <message>
        <source>FaultLens</source>
        <translation>FaultLens</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Ablation-CAM</source>
        <translation>Ablation-CAM</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Kampagne</translation>
    </message>
    <message>
        <source>Analyses</source>
        <translation>Analysen</translation>
    </message>
    <message>
        <source>No image selected</source>
        <translation>Kein Bild gewählt</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Export Ablation-CAM grid</source>
        <translation>Ablation-CAM-Raster exportieren</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(noch keine)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open FaultLens project</source>
        <translation>FaultLens-Projekt öffnen</translation>
    </message>
    <message>
        <source>FaultLens projects (*.faultlens.json *.json)</source>
        <translation>FaultLens-Projekte (*.faultlens.json *.json)</translation>
    </message>
    <message>
        <source>Models, data set, image, faults and view settings saved earlier</source>
        <translation>Früher gespeicherte Modelle, Datensatz, Bild, Fehler und Ansichtseinstellungen</translation>
    </message>
    <message>
        <source>&amp;Save project…</source>
        <translation>Projekt &amp;speichern…</translation>
    </message>
    <message>
        <source>Save FaultLens project</source>
        <translation>FaultLens-Projekt speichern</translation>
    </message>
    <message>
        <source>FaultLens projects (*.faultlens.json)</source>
        <translation>FaultLens-Projekte (*.faultlens.json)</translation>
    </message>
    <message>
        <source>Open &amp;baseline model…</source>
        <translation>&amp;Basismodell öffnen…</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>Load a TorchScript classifier as the baseline</source>
        <translation>Einen TorchScript-Klassifikator als Basismodell laden</translation>
    </message>
    <message>
        <source>Open &amp;text-guided model…</source>
        <translation>&amp;Textgeführtes Modell öffnen…</translation>
    </message>
    <message>
        <source>Ctrl+G</source>
        <translation>Ctrl+G</translation>
    </message>
    <message>
        <source>Open image &amp;folder…</source>
        <translation>Bild&amp;ordner öffnen…</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Open IDX / CIFAR &amp;file…</source>
        <translation>IDX-/CIFAR-&amp;Datei öffnen…</translation>
    </message>
    <message>
        <source>Open Fashion-&amp;MNIST test set</source>
        <translation>Fashion-&amp;MNIST-Testdaten öffnen</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Load fault list…</source>
        <translation>Fehlerliste &amp;laden…</translation>
    </message>
    <message>
        <source>Load fault list</source>
        <translation>Fehlerliste laden</translation>
    </message>
    <message>
        <source>Fault lists (*.json)</source>
        <translation>Fehlerlisten (*.json)</translation>
    </message>
    <message>
        <source>Save fault &amp;list…</source>
        <translation>Fehlerliste s&amp;peichern…</translation>
    </message>
    <message>
        <source>Save fault list</source>
        <translation>Fehlerliste speichern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Go to &amp;analyses</source>
        <translation>Zu den &amp;Analysen</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>Go to &amp;campaign</source>
        <translation>Zur &amp;Kampagne</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About FaultLens</source>
        <translation>&amp;Über FaultLens</translation>
    </message>
    <message>
        <source>Open TorchScript model</source>
        <translation>TorchScript-Modell öffnen</translation>
    </message>
    <message>
        <source>TorchScript models (*.pt *.pth *.ts *.zip);;All files (*)</source>
        <translation>TorchScript-Modelle (*.pt *.pth *.ts *.zip);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open image folder (one sub-folder per class)</source>
        <translation>Bildordner öffnen (ein Unterordner je Klasse)</translation>
    </message>
    <message>
        <source>Open data set file</source>
        <translation>Datensatzdatei öffnen</translation>
    </message>
    <message>
        <source>IDX or CIFAR files (*idx3-ubyte* *.bin);;All files (*)</source>
        <translation>IDX- oder CIFAR-Dateien (*idx3-ubyte* *.bin);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>About FaultLens</source>
        <translation>Über FaultLens</translation>
    </message>
    <message>
        <source>&lt;h3&gt;FaultLens %1&lt;/h3&gt;&lt;p&gt;A workbench for hardware-fault analysis of image classifiers: bit flips in activations and weights, compared between a baseline and a text-guided model.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;FaultLens %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank zur Analyse von Hardwarefehlern in Bildklassifikatoren: Bitkipper in Aktivierungen und Gewichten, verglichen zwischen einem Basismodell und einem textgeführten Modell.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Loaded %1 model %2</source>
        <translation>%1 %2 geladen</translation>
    </message>
    <message>
        <source>Loading %1 …</source>
        <translation>%1 wird geladen …</translation>
    </message>
    <message>
        <source>Data set: %1</source>
        <translation>Datensatz: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Image %1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;Bild %1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>Fault not applied: %1</source>
        <translation>Fehler nicht angewendet: %1</translation>
    </message>
    <message>
        <source>Fault not applied to the %1 model: %2</source>
        <translation>Fehler nicht angewendet auf %1: %2</translation>
    </message>
    <message>
        <source>Layer output</source>
        <translation>Schichtausgabe</translation>
    </message>
    <message>
        <source>Export all &amp;figures…</source>
        <translation>Alle &amp;Abbildungen exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>The paper&apos;s figures, Table 1 and a manifest, as faultlens-cli report writes them</source>
        <translation>Die Abbildungen des Papers, Tabelle 1 und ein Manifest, wie faultlens-cli report sie schreibt</translation>
    </message>
    <message>
        <source>Export all figures</source>
        <translation>Alle Abbildungen exportieren</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>Ein Export läuft bereits.</translation>
    </message>
    <message>
        <source>Cancelling the export after the current batch…</source>
        <translation>Export wird nach dem laufenden Stapel abgebrochen…</translation>
    </message>
    <message>
        <source>&amp;Restore default layout</source>
        <translation>Standard-Anordnung &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>%1	%2</source>
        <translation>%1	%2</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>The model changed: the Ablation-CAMs of the selected image follow.</source>
        <translation>Das Modell hat sich geändert: die Ablation-CAMs des gewählten Bildes folgen.</translation>
    </message>
    <message>
        <source>Loading failed: %1</source>
        <translation>Laden fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cannot load model</source>
        <translation>Modell kann nicht geladen werden</translation>
    </message>
    <message>
        <source>Not opened: %1 needs its input size</source>
        <translation>Nicht geöffnet: %1 braucht seine Eingabegröße</translation>
    </message>
    <message>
        <source>Fault applied to the selected image in both models</source>
        <translation>Fehler auf das gewählte Bild in beiden Modellen angewandt</translation>
    </message>
    <message>
        <source>The %1 model changed: Compute again to fill this plot.</source>
        <translation>Das Modell %1 hat sich geändert: erneut berechnen, um dieses Diagramm zu füllen.</translation>
    </message>
    <message>
        <source>Select an image</source>
        <translation>Ein Bild wählen</translation>
    </message>
    <message>
        <source>Ablation-CAM maps appear here once an image is selected.</source>
        <translation>Ablation-CAM-Karten erscheinen hier, sobald ein Bild gewählt ist.</translation>
    </message>
    <message>
        <source>The data set changed: Compute again to fill this plot.</source>
        <translation>Der Datensatz hat sich geändert: erneut berechnen, um dieses Diagramm zu füllen.</translation>
    </message>
    <message>
        <source>%1: cannot write the numbers (%2)</source>
        <translation>%1: die Zahlen können nicht geschrieben werden (%2)</translation>
    </message>
    <message>
        <source>Saved %1 and %2</source>
        <translation>%1 und %2 gespeichert</translation>
    </message>
    <message>
        <source>Loading both models again to compute in %1…</source>
        <translation>Beide Modelle werden neu geladen, um in %1 zu rechnen…</translation>
    </message>
    <message>
        <source>Both models compute in %1</source>
        <translation>Beide Modelle rechnen in %1</translation>
    </message>
    <message>
        <source>Number format not changed</source>
        <translation>Zahlenformat nicht geändert</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</source>
        <translation>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</translation>
    </message>
    <message>
        <source>%1 model at %2: %3 → %4</source>
        <translation>%1 an %2: %3 → %4</translation>
    </message>
    <message>
        <source>Run both models, campaigns, analyses and reports on the CPU</source>
        <translation>Beide Modelle, Kampagnen, Analysen und Berichte auf der CPU rechnen</translation>
    </message>
    <message>
        <source>Run both models, campaigns, analyses and reports on %1 (%2)</source>
        <translation>Beide Modelle, Kampagnen, Analysen und Berichte auf %1 (%2) rechnen</translation>
    </message>
    <message>
        <source>Compute &amp;device</source>
        <translation>Rechen&amp;gerät</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::ModelPanel</name>
    <message>
        <source>Computed in the Analyses dock</source>
        <translation>Im Analysen-Fenster berechnet</translation>
    </message>
    <message>
        <source>No model loaded. Use File ▸ Open or drop a TorchScript file here.</source>
        <translation>Kein Modell geladen. Datei ▸ Öffnen verwenden oder eine TorchScript-Datei hierher ziehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3 layers · %4 classes · %5 parameters · input %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3 Schichten · %4 Klassen · %5 Parameter · Eingabe %6</translation>
    </message>
    <message>
        <source>Select an image</source>
        <translation>Ein Bild wählen</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>1 weight fault</source>
        <translation>1 Gewichtsfehler</translation>
    </message>
    <message>
        <source>%1 weight faults</source>
        <translation>%1 Gewichtsfehler</translation>
    </message>
    <message>
        <source>, %1 of them non-finite</source>
        <translation>, davon %1 nicht endlich</translation>
    </message>
    <message>
        <source> · computes in %1</source>
        <translation> · rechnet in %1</translation>
    </message>
    <message>
        <source>top class tied</source>
        <translation>Gleichstand an der Spitze</translation>
    </message>
    <message>
        <source>top class changed</source>
        <translation>Top-Klasse geändert</translation>
    </message>
    <message>
        <source>same top class</source>
        <translation>gleiche Top-Klasse</translation>
    </message>
    <message>
        <source>%1 of %2 logits NaN/Inf (a campaign counts a misclassification)</source>
        <translation>%1 von %2 Logits NaN/Inf (eine Kampagne zählt eine Fehlklassifikation)</translation>
    </message>
    <message>
        <source> at %1</source>
        <translation> an %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;With fault&lt;/b&gt;%1: %2 — %3%4</source>
        <translation>&lt;b&gt;Mit Fehler&lt;/b&gt;%1: %2 — %3%4</translation>
    </message>
    <message>
        <source> · on %1</source>
        <translation> · auf %1</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::PlotExportButtons</name>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Save the plot (PDF, SVG, PNG) or the numbers behind it (CSV)</source>
        <translation>Diagramm (PDF, SVG, PNG) oder die Zahlen dahinter (CSV) speichern</translation>
    </message>
    <message>
        <source>Plot as PDF, SVG or PNG…</source>
        <translation>Diagramm als PDF, SVG oder PNG…</translation>
    </message>
    <message>
        <source>Data as CSV…</source>
        <translation>Daten als CSV…</translation>
    </message>
    <message>
        <source>Figure style…</source>
        <translation>Abbildungsstil…</translation>
    </message>
    <message>
        <source>Printed size, type size and legend of every exported figure</source>
        <translation>Druckgröße, Schriftgröße und Legende jeder exportierten Abbildung</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::PredictionView</name>
    <message>
        <source>No prediction yet</source>
        <translation>Noch keine Vorhersage</translation>
    </message>
    <message>
        <source>Top2Diff %1 pp</source>
        <translation>Top2Diff %1 Pp.</translation>
    </message>
    <message>
        <source>NaN/Inf in logits</source>
        <translation>NaN/Inf in den Logits</translation>
    </message>
    <message>
        <source>%1 %2 % (%3)</source>
        <translation>%1 %2 % (%3)</translation>
    </message>
    <message>
        <source>  — truth: %1</source>
        <translation>  — Wahrheit: %1</translation>
    </message>
    <message>
        <source>  — no truth: the model has %1 classes, the data set %2</source>
        <translation>  — keine Wahrheit: das Modell hat %1 Klassen, der Datensatz %2</translation>
    </message>
    <message>
        <source>NaN/Inf in %1 of %2 logits</source>
        <translation>NaN/Inf in %1 von %2 Logits</translation>
    </message>
    <message>
        <source>%1; largest logit: %2</source>
        <translation>%1; größter Logit: %2</translation>
    </message>
    <message>
        <source>%1; %2 classes share the largest logit: a tie</source>
        <translation>%1; %2 Klassen teilen den größten Logit: Gleichstand</translation>
    </message>
    <message>
        <source>%1; no class has a comparable logit</source>
        <translation>%1; keine Klasse hat einen vergleichbaren Logit</translation>
    </message>
    <message>
        <source>Tie: %1 classes share the top score (%2 % each)</source>
        <translation>Gleichstand: %1 Klassen teilen den höchsten Wert (je %2 %)</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::ProtocolChoice</name>
    <message>
        <source>paper (GoldenEye)</source>
        <translation>Paper (GoldenEye)</translation>
    </message>
    <message>
        <source>raw</source>
        <translation>roh</translation>
    </message>
    <message>
        <source>How the campaign measures. The paper&apos;s protocol (GoldenEye&apos;s) injects into correctly classified images, clamps faulty values to each layer&apos;s range profiled on training data and takes |ΔCE|; its ΔLoss is comparable with the paper&apos;s. The raw protocol keeps every faulty value, so a few overflowed injections can dominate a mean</source>
        <translation>Wie die Kampagne misst. Das Protokoll des Papers (das von GoldenEye) injiziert in richtig klassifizierte Bilder, begrenzt fehlerhafte Werte auf den auf Trainingsdaten profilierten Bereich jeder Schicht und nimmt |ΔCE|; sein ΔLoss ist mit dem des Papers vergleichbar. Das rohe Protokoll behält jeden fehlerhaften Wert, sodass wenige übergelaufene Injektionen einen Mittelwert beherrschen können</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Golden images, faulty values clamped to the ranges profiled on training data, |ΔCE|: comparable with the paper&apos;s numbers.</source>
        <translation>Goldene Bilder, fehlerhafte Werte auf die an Trainingsdaten profilierten Bereiche begrenzt, |ΔCE|: vergleichbar mit den Zahlen des Papers.</translation>
    </message>
    <message>
        <source>All images, faulty values as they are, signed ΔCE: a few overflowed injections can dominate a mean.</source>
        <translation>Alle Bilder, fehlerhafte Werte unverändert, vorzeichenbehaftetes ΔCE: wenige übergelaufene Injektionen können einen Mittelwert beherrschen.</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::ReportExportDialog</name>
    <message>
        <source>the data set&apos;s training split</source>
        <translation>der Trainingsteil des Datensatzes</translation>
    </message>
    <message>
        <source>Training data the paper&apos;s protocol profiles each layer&apos;s range on: fashion-mnist:train, an IDX or CIFAR file or an image folder</source>
        <translation>Trainingsdaten, auf denen das Protokoll des Papers den Bereich jeder Schicht profiliert: fashion-mnist:train, eine IDX- oder CIFAR-Datei oder ein Bildordner</translation>
    </message>
    <message>
        <source>Range profile from</source>
        <translation>Bereichsprofil aus</translation>
    </message>
    <message>
        <source>Export all figures</source>
        <translation>Alle Abbildungen exportieren</translation>
    </message>
    <message>
        <source>Writes the paper&apos;s figure set for the baseline and text-guided models on the open data set: Top2Diff sweep, activation ranges, campaign mismatch rates and ΔLoss, Ablation-CAM grids (with the CAM dock&apos;s layer, colour map and scale), Table 1 and a manifest: the same files as faultlens-cli report.</source>
        <translation>Schreibt die Abbildungen des Papers für das Baseline- und das textgeführte Modell auf dem geöffneten Datensatz: Top2Diff-Verlauf, Aktivierungsbereiche, Fehlklassifikationsraten und ΔLoss der Kampagne, Ablation-CAM-Raster (mit Schicht, Farbskala und Skalierung des CAM-Docks), Tabelle 1 und ein Manifest: dieselben Dateien wie faultlens-cli report.</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Report the finished campaign in</source>
        <translation>Abgeschlossene Kampagne auswerten in</translation>
    </message>
    <message>
        <source> injections per layer</source>
        <translation> Injektionen pro Schicht</translation>
    </message>
    <message>
        <source>Data-set indices, separated by commas</source>
        <translation>Indizes im Datensatz, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>paper&apos;s density</source>
        <translation>Dichte des Papers</translation>
    </message>
    <message>
        <source>Random weight bit flips for the faulty CAMs; the paper&apos;s density is 2000 per 25.5 M weights</source>
        <translation>Zufällige Bitfehler in Gewichten für die fehlerhaften CAMs; die Dichte des Papers ist 2000 pro 25,5 Mio. Gewichte</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>Folder for the figures</source>
        <translation>Ordner für die Abbildungen</translation>
    </message>
    <message>
        <source>Finished two-model campaign</source>
        <translation>Abgeschlossene Kampagne mit zwei Modellen</translation>
    </message>
    <message>
        <source>CAM images</source>
        <translation>CAM-Bilder</translation>
    </message>
    <message>
        <source>CAM weight faults</source>
        <translation>CAM-Gewichtsfehler</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>Bitte einen Ausgabeordner wählen.</translation>
    </message>
    <message>
        <source>Choose the campaign folder, or let the report run the campaign.</source>
        <translation>Bitte den Kampagnenordner wählen oder die Kampagne vom Bericht ausführen lassen.</translation>
    </message>
    <message>
        <source>CAM images: %1</source>
        <translation>CAM-Bilder: %1</translation>
    </message>
    <message>
        <source>Figure size: %1</source>
        <translation>Abbildungsgröße: %1</translation>
    </message>
    <message>
        <source>Images for accuracy, the Top2Diff sweep and the activation ranges, from the first; the campaign run here uses the whole data set, as the paper&apos;s does</source>
        <translation>Bilder für Genauigkeit, Top2Diff-Verlauf und Aktivierungsbereiche, ab dem ersten; die hier gestartete Kampagne nutzt wie die der Veröffentlichung den ganzen Datensatz</translation>
    </message>
    <message>
        <source>Images (accuracy, sweeps)</source>
        <translation>Bilder (Genauigkeit, Verläufe)</translation>
    </message>
    <message>
        <source>Run a campaign (whole data set) into &lt;folder&gt;/campaign</source>
        <translation>Kampagne (ganzer Datensatz) nach &lt;Ordner&gt;/campaign ausführen</translation>
    </message>
</context>
<context>
    <name>faultlens::widgets::Top2DiffSweepPlot</name>
    <message>
        <source>Top2Diff threshold δ (percentage points)</source>
        <translation>Top2Diff-Schwelle δ (Prozentpunkte)</translation>
    </message>
    <message>
        <source>accuracy with Top2Diff ≥ δ (%)</source>
        <translation>Genauigkeit mit Top2Diff ≥ δ (%)</translation>
    </message>
    <message>
        <source>inflection δ = %1 </source>
        <translation>Wendepunkt δ = %1 </translation>
    </message>
    <message>
        <source> inflection δ = %1</source>
        <translation> Wendepunkt δ = %1</translation>
    </message>
    <message>
        <source>no inflection point: the text-guided curve ends below the baseline&apos;s</source>
        <translation>kein Wendepunkt: die Kurve des textgeführten Modells endet unter der des Basismodells</translation>
    </message>
    <message>
        <source>Top2Diff sweep: the share of images (%) that each model classifies correctly with a margin between its two highest softmax probabilities of at least δ percentage points, for δ = %1 to %2</source>
        <translation>Top2Diff-Verlauf: der Anteil der Bilder (%), die jedes Modell richtig klassifiziert, mit einem Abstand zwischen seinen beiden höchsten Softmax-Wahrscheinlichkeiten von mindestens δ Prozentpunkten, für δ = %1 bis %2</translation>
    </message>
    <message>
        <source>The dashed line marks the inflection point δ = %1, from which the text-guided accuracy is at least the baseline&apos;s</source>
        <translation>Die gestrichelte Linie markiert den Wendepunkt δ = %1, ab dem die Genauigkeit des textgeführten Modells mindestens die der Baseline ist</translation>
    </message>
    <message>
        <source>No inflection point: the text-guided curve ends below the baseline&apos;s</source>
        <translation>Kein Wendepunkt: die Kurve des textgeführten Modells endet unter der der Baseline</translation>
    </message>
</context>
</TS>
