#pragma once
// Table of a model's conv2d / linear layers: index, module path, kind, weight and output shape.
#include <QAbstractTableModel>

#include <vector>

#include "core/model/LayerInfo.h"

namespace faultlens::widgets {

class LayerTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Index, Name, Kind, Weight, Output, ColumnCount };
  using QAbstractTableModel::QAbstractTableModel;

  void setLayers(std::vector<LayerInfo> layers);
  const std::vector<LayerInfo>& layers() const { return layers_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::vector<LayerInfo> layers_;
};

}  // namespace faultlens::widgets
