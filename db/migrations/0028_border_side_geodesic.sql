-- The nearest border segment on the ellipsoid, not in degrees. KNN in degrees alone can pick
-- the wrong segment (a degree of longitude is 6–7 % shorter than one of latitude here), and the
-- old distance was measured to the planar closest point of a ±6-segment piece: up to 712 m (6 %)
-- off out at sea near the maritime line, 9 m within 2 km of the land line.
--
-- "Distance to the line" is PostGIS's own, ST_Distance(p::geography, line::geography): the
-- spheroid distance to the point of the line nearest on the sphere (PostGIS finds the nearest
-- point on the sphere, then measures on the spheroid). So the nearest segment is chosen by the
-- sphere distance and measured on the spheroid. (Choosing it by the spheroid distance gives a
-- different segment where two stretches of line in different directions are almost equally far,
-- and a distance up to 0.3 % shorter than PostGIS's: 27 m at 10 km off Móng Cái.)
--
-- The candidates, by a bound that provably keeps the nearest: geodesic_may_be_within(seg, p, m)
-- is true for every segment within m metres of p on the sphere or on the ellipsoid (and for a
-- few more). A path is at least as long as the same path in degrees scaled by
-- kx = 111195·cos(φmax) m per degree of longitude and ky = 110574 m per degree of latitude: on
-- the sphere of PostGIS (R = 6371009 m) a degree is 111195 m; on the ellipsoid N·cos φ ≥ a·cos φ
-- (a·π/180 = 111319 m) and M ≥ a·(1−e²) (110574 m a degree); φmax = |lat| + m/ky bounds the
-- latitudes such a path reaches. A segment's geography is a great-circle arc, which leaves the
-- straight segment in degrees by at most s (1.2e-5° in the stored line, whose longest segment
-- is 20 km; test/integration/border-geodesic.test.ts keeps it below 5e-5°, i.e. 5.6 m scaled).
-- So such a segment meets the box p ± (m/kx + 5e-5°, m/ky + 5e-5°) (what the GiST index finds)
-- and is within m + 5.6 of p in the scaled plane (a cheap planar test). Inlined by PostgreSQL.
CREATE FUNCTION geodesic_may_be_within(seg geometry, p geometry, metres float8) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT seg && ST_Expand(p, metres / (111195 * cos(radians(least(abs(ST_Y(p)) + metres / 110574 + 0.001, 89)))) + 0.00005,
                          metres / 110574 + 0.00005)
     AND ST_Distance(ST_Scale(seg, 111195 * cos(radians(least(abs(ST_Y(p)) + metres / 110574 + 0.001, 89))), 110574),
                     ST_Scale(p, 111195 * cos(radians(least(abs(ST_Y(p)) + metres / 110574 + 0.001, 89))), 110574)) <= metres + 5.6
$$;
--> statement-breakpoint
-- The nearest segment: the sphere distance g1 to the KNN-nearest segment (in degrees) bounds
-- it; the candidates within g1 are measured on the sphere, the least wins (ties to the lower
-- province, seq), and distance_m is its ST_Distance on geography (spheroid); sphere_m is the
-- sphere distance. Tighter than a fixed factor on the KNN distance in degrees (1.25·d: 25
-- candidates on average within 10 km of the line, 390 at 40–50 km; this bound: 2 and 4), so as
-- fast as the old KNN near the line. A one-row table function, inlined like border_side_at.
CREATE FUNCTION border_nearest_segment(p geometry)
RETURNS TABLE (province_code text, seq integer, geom geometry, line_length float8, distance_m float8, sphere_m float8)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1 AS $$
  SELECT n.province_code, n.seq, n.geom, n.line_length, ST_Distance(p::geography, n.geom::geography), n.sphere_m
  FROM (
    SELECT s.province_code, s.seq, s.geom, s.line_length, ST_Distance(p::geography, s.geom::geography, false) AS sphere_m
    FROM (SELECT ST_Distance(p::geography, k.geom::geography, false) AS g1 FROM border_side_segments k ORDER BY k.geom <-> p LIMIT 1) knn
    JOIN border_side_segments s ON geodesic_may_be_within(s.geom, p, knn.g1)
    ORDER BY 5, s.province_code, s.seq
    LIMIT 1
  ) n
$$;
--> statement-breakpoint
-- Same signature and the same one-row, inlined table function as in 0009, now on the
-- ellipsoid: distance_m is the geography distance to the nearest segment (the same as
-- ST_Distance to the whole line as geography, see above), and the side is the cross product on
-- the piece of line ±6 segments around that segment, at the segment's (planar) closest point.
-- Where the closest point of the whole line is one of its two ends, the point lies beyond where
-- the stored line reaches (Lạng Sơn, west of Quảng Ninh's line; the open sea past its maritime
-- end), and the end segment says nothing about it: there the side comes from territory, 'vn'
-- inside a Vietnamese admin area and unknown (NULL) otherwise — never 'cn'. NULL within 1 m of
-- the line, as before. (OFFSET 0 keeps the planner from pasting a and b, with the locate and
-- interpolate calls behind them, into each of their six uses in the cross product; the function
-- is inlined all the same. ~28 µs a point within 3 km of the line, as before.)
CREATE OR REPLACE FUNCTION border_side_at(p geometry) RETURNS TABLE (side border_side, distance_m real)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1 AS $$
  SELECT CASE
           WHEN n.distance_m < 1 THEN NULL
           WHEN (n.seq = 1 AND n.sphere_m >= ST_Distance(p::geography, ST_StartPoint(n.geom)::geography, false) - 0.001)
             OR (piece.last_seq = n.seq AND n.sphere_m >= ST_Distance(p::geography, ST_EndPoint(n.geom)::geography, false) - 0.001) THEN
             CASE WHEN EXISTS (SELECT 1 FROM admin_areas v WHERE v.country_code = 'VNM' AND v.geom && p AND ST_Intersects(v.geom, p)) THEN 'vn'::border_side END
           WHEN ((ST_X(ab.b) - ST_X(ab.a)) * (ST_Y(p) - ST_Y(ab.a)) - (ST_Y(ab.b) - ST_Y(ab.a)) * (ST_X(p) - ST_X(ab.a))) < 0 THEN 'vn'::border_side
           ELSE 'cn'::border_side
         END,
         n.distance_m::real
  FROM border_nearest_segment(p) n
  CROSS JOIN LATERAL (SELECT ST_MakeLine(s.geom ORDER BY s.seq) AS g, max(s.seq) AS last_seq FROM border_side_segments s
                      WHERE s.province_code = n.province_code AND s.seq BETWEEN n.seq - 6 AND n.seq + 6) piece
  CROSS JOIN LATERAL (SELECT ST_LineLocatePoint(piece.g, ST_ClosestPoint(n.geom, p)) AS f,
                             0.00005 * n.line_length / nullif(ST_Length(piece.g), 0) AS w) loc
  CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(piece.g, greatest(loc.f - loc.w, 0)) AS a,
                             ST_LineInterpolatePoint(piece.g, least(loc.f + loc.w, 1)) AS b OFFSET 0) ab
$$;
