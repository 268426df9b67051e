-- Local day and night of an hour (Asia/Ho_Chi_Minh; night is 18:00–05:59), and the ~1 km
-- cell (0.01°, five 0.002° cells) of a fine cell: one definition for the fold and the views.
CREATE FUNCTION local_day(h timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (h AT TIME ZONE 'Asia/Ho_Chi_Minh')::date $$;
--> statement-breakpoint
CREATE FUNCTION is_night(h timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT extract(hour from h AT TIME ZONE 'Asia/Ho_Chi_Minh') NOT BETWEEN 6 AND 17 $$;
--> statement-breakpoint
CREATE FUNCTION coarse_cell(c integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT floor(c / 5.0)::integer $$;
--> statement-breakpoint
-- What long-period heatmaps read: the folded daily counts plus the batches not folded in yet.
CREATE VIEW detection_cells_daily_all AS
SELECT day, night, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 FROM detection_cells_daily
UNION ALL
SELECT local_day(hour), is_night(hour), camera_id, class, coarse_cell(cell_x), coarse_cell(cell_y), n0, n1, n2, n3, n4, n5, n6, n7, n8, n9
FROM detection_cells_pending;
--> statement-breakpoint
-- Zone counts of pending batches: by where their 200 m cells lie, as the fold counts them.
CREATE VIEW detection_zones_daily_all AS
SELECT day, night, zone_id, camera_id, class, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 FROM detection_zones_daily
UNION ALL
SELECT local_day(p.hour), is_night(p.hour), z.id, p.camera_id, p.class, p.n0, p.n1, p.n2, p.n3, p.n4, p.n5, p.n6, p.n7, p.n8, p.n9
FROM detection_cells_pending p
JOIN zones z ON ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint((p.cell_x + 0.5) * 0.002, (p.cell_y + 0.5) * 0.002), 4326));
