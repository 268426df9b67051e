-- Readers of the coarse hourly and per-zone hourly counts also see the batches not folded yet.
CREATE VIEW detection_cells_coarse_all AS
SELECT hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 FROM detection_cells_hourly_coarse
UNION ALL
SELECT hour, camera_id, class, coarse_cell(cell_x), coarse_cell(cell_y), n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 FROM detection_cells_pending;
--> statement-breakpoint
CREATE VIEW detection_zones_hourly_all AS
SELECT hour, zone_id, camera_id, class, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 FROM detection_zones_hourly
UNION ALL
SELECT p.hour, z.id, p.camera_id, p.class, p.n0, p.n1, p.n2, p.n3, p.n4, p.n5, p.n6, p.n7, p.n8, p.n9
FROM detection_cells_pending p
JOIN zones z ON ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint((p.cell_x + 0.5) * 0.002, (p.cell_y + 0.5) * 0.002), 4326));
