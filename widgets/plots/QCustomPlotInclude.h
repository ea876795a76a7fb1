#pragma once
// qcustomplot.h uses Qt's lower-case keywords (signals, slots, emit, foreach), which this
// project switches off (QT_NO_KEYWORDS: they clash with LibTorch). Include it only through
// this header, which maps them to the Q_ macros for the duration of the include.
#ifdef QT_NO_KEYWORDS
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
#else
#include <qcustomplot.h>
#endif
