-- The whole boundary as one west-to-east line: the land and river trace, then the maritime
-- line from the estuary out to sea. Viet Nam lies on its right-hand side all along, so the
-- side of a point is the sign of a cross product against the nearest stretch of this line:
-- line operations only, fast and free of GEOS overlay calls.
CREATE VIEW border_side_line AS
SELECT t.province_code,
       ST_MakeLine(t.geom, (SELECT ST_GeometryN(m.geom, 1) FROM border_lines m
                            WHERE m.province_code = t.province_code AND m.section = 'maritime' LIMIT 1)) AS geom
FROM border_trace t;
--> statement-breakpoint
-- 'vn', 'cn', or NULL within 1 m of the line (on it: neither side).
CREATE FUNCTION border_side(p geometry, line geometry) RETURNS border_side
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN ST_Distance(p::geography, ST_ClosestPoint(line, p)::geography) < 1 THEN NULL
    WHEN ((ST_X(b) - ST_X(a)) * (ST_Y(p) - ST_Y(a)) - (ST_Y(b) - ST_Y(a)) * (ST_X(p) - ST_X(a))) < 0 THEN 'vn'::border_side
    ELSE 'cn'::border_side
  END
  FROM (SELECT ST_LineInterpolatePoint(line, greatest(f - 0.00005, 0)) AS a,
               ST_LineInterpolatePoint(line, least(f + 0.00005, 1)) AS b
        FROM (SELECT ST_LineLocatePoint(line, p) AS f) loc) ab
$$;
