-- The side of the border and the distance to it, for every detection, in O(log n): the nearest
-- segment of the boundary comes from a GiST index (KNN), and the cross-product test of
-- border_side() runs on a short piece of line around it instead of the whole 600-vertex line.
-- A materialized view, because the border lines are seeded after the migrations run: the seed
-- refreshes it.
CREATE MATERIALIZED VIEW border_side_segments AS
SELECT l.province_code, i AS seq,
       ST_MakeLine(ST_PointN(l.geom, i), ST_PointN(l.geom, i + 1)) AS geom,
       ST_Length(l.geom) AS line_length
FROM border_side_line l
CROSS JOIN LATERAL generate_series(1, ST_NPoints(l.geom) - 1) AS i;
--> statement-breakpoint
CREATE UNIQUE INDEX border_side_segments_key ON border_side_segments (province_code, seq);
--> statement-breakpoint
CREATE INDEX border_side_segments_geom_idx ON border_side_segments USING gist (geom);
--> statement-breakpoint
-- Same answers as border_side(p, line): 'vn' / 'cn' by the cross product against the line
-- 0.005 % of its length either side of the closest point, NULL within 1 m of the line.
-- A one-row table function, so PostgreSQL inlines it into the calling query (a scalar SQL
-- function with this body would be called row by row, three times slower).
CREATE FUNCTION border_side_at(p geometry) RETURNS TABLE (side border_side, distance_m real)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1 AS $$
  WITH near AS (
    SELECT province_code, seq, line_length FROM border_side_segments ORDER BY geom <-> p LIMIT 1
  ), piece AS (
    SELECT ST_MakeLine(s.geom ORDER BY s.seq) AS g, min(near.line_length) AS line_length
    FROM near JOIN border_side_segments s ON s.province_code = near.province_code AND s.seq BETWEEN near.seq - 6 AND near.seq + 6
  ), loc AS (
    SELECT g, ST_LineLocatePoint(g, p) AS f, 0.00005 * line_length / nullif(ST_Length(g), 0) AS w,
           ST_Distance(p::geography, ST_ClosestPoint(g, p)::geography) AS d
    FROM piece
  )
  SELECT CASE
           WHEN d < 1 THEN NULL
           WHEN ((ST_X(b) - ST_X(a)) * (ST_Y(p) - ST_Y(a)) - (ST_Y(b) - ST_Y(a)) * (ST_X(p) - ST_X(a))) < 0 THEN 'vn'::border_side
           ELSE 'cn'::border_side
         END,
         d::real
  FROM (SELECT d, ST_LineInterpolatePoint(g, greatest(f - w, 0)) AS a, ST_LineInterpolatePoint(g, least(f + w, 1)) AS b FROM loc) ab
$$;
--> statement-breakpoint
DROP FUNCTION border_side(geometry, geometry);
