-- border_nearest_segment (0028) called geodesic_may_be_within() in its join condition. PostgreSQL
-- inlines a scalar SQL function only when an argument used more than once is cheap; at ingest the
-- point is an expression (ST_SetSRID(ST_MakePoint(lon, lat))), so the call was not inlined, the
-- GiST index went unused and every segment was measured: 24 ms a point instead of ~0.3 ms, and a
-- first start's three days of demo traffic took minutes. The same bound, written out here so
-- it is part of the (inlined) table function and the index is used whatever the point is.
CREATE OR REPLACE FUNCTION border_nearest_segment(p geometry)
RETURNS TABLE (province_code text, seq integer, geom geometry, line_length float8, distance_m float8, sphere_m float8)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1 AS $$
  SELECT n.province_code, n.seq, n.geom, n.line_length, ST_Distance(p::geography, n.geom::geography), n.sphere_m
  FROM (
    SELECT s.province_code, s.seq, s.geom, s.line_length, ST_Distance(p::geography, s.geom::geography, false) AS sphere_m
    FROM (
      SELECT b.g1, b.g1 / (111195 * cos(radians(least(abs(ST_Y(p)) + b.g1 / 110574 + 0.001, 89)))) AS dx, b.g1 / 110574 AS dy,
             111195 * cos(radians(least(abs(ST_Y(p)) + b.g1 / 110574 + 0.001, 89))) AS kx
      FROM (SELECT ST_Distance(p::geography, k.geom::geography, false) AS g1 FROM border_side_segments k ORDER BY k.geom <-> p LIMIT 1) b
    ) knn
    JOIN border_side_segments s
      ON s.geom && ST_Expand(p, knn.dx + 0.00005, knn.dy + 0.00005)
     AND ST_Distance(ST_Scale(s.geom, knn.kx, 110574), ST_Scale(p, knn.kx, 110574)) <= knn.g1 + 5.6
    ORDER BY 5, s.province_code, s.seq
    LIMIT 1
  ) n
$$;
