-- border_side_line is a view over border_trace, which assembles the line every time it is
-- read (~30 ms): too slow to read once per ingest batch. Cache it, like its segments; the seed
-- refreshes both (line first).
CREATE MATERIALIZED VIEW border_side_line_cached AS SELECT province_code, geom FROM border_side_line;
--> statement-breakpoint
CREATE UNIQUE INDEX border_side_line_cached_key ON border_side_line_cached (province_code);
--> statement-breakpoint
DROP MATERIALIZED VIEW border_side_segments;
--> statement-breakpoint
CREATE MATERIALIZED VIEW border_side_segments AS
SELECT l.province_code, i AS seq,
       ST_MakeLine(ST_PointN(l.geom, i), ST_PointN(l.geom, i + 1)) AS geom,
       ST_Length(l.geom) AS line_length
FROM border_side_line_cached l
CROSS JOIN LATERAL generate_series(1, ST_NPoints(l.geom) - 1) AS i;
--> statement-breakpoint
CREATE UNIQUE INDEX border_side_segments_key ON border_side_segments (province_code, seq);
--> statement-breakpoint
CREATE INDEX border_side_segments_geom_idx ON border_side_segments USING gist (geom);
