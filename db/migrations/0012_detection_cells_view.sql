-- What heatmaps read: the folded hourly counts plus the batches not folded in yet.
CREATE VIEW detection_cells AS
SELECT hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 FROM detection_cells_hourly
UNION ALL
SELECT hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 FROM detection_cells_pending;
