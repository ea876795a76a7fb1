#include "widgets/LayerTableModel.h"

namespace faultlens::widgets {

void LayerTableModel::setLayers(std::vector<LayerInfo> layers) {
  beginResetModel();
  layers_ = std::move(layers);
  endResetModel();
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(layers_.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const LayerInfo& l = layers_[index.row()];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case Index: return l.index;
      case Name: return QString::fromStdString(l.name);
      case Kind: return QString::fromLatin1(layerKindName(l.kind));
      case Weight: return l.weightShape.empty() ? tr("computed") : QString::fromStdString(shapeToString(l.weightShape));
      case Output:
        if (!l.executed) return tr("not executed");
        return QString::fromStdString(shapeToString(l.outputShape)) +
               (l.perImage ? QString() : tr(" (batch-independent)"));
    }
  }
  if (role == Qt::ToolTipRole && index.column() == Output)
    return tr("Output shape of one image, without the batch dimension");
  if (role == Qt::TextAlignmentRole && index.column() == Index) return int(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Index: return tr("#");
    case Name: return tr("Layer");
    case Kind: return tr("Kind");
    case Weight: return tr("Weight");
    case Output: return tr("Output");
  }
  return {};
}

}  // namespace faultlens::widgets
