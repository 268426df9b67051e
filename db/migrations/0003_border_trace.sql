-- One continuous line per province along the land and river border, ordered from its
-- western end. The source stores the line in parts whose ends differ by rounding, so
-- ST_LineMerge cannot join them; ST_MakeLine over the parts in order can. Distances
-- "along the border" (e.g. for placing posts) are measured on this line.
CREATE VIEW border_trace AS
SELECT province_code,
       ST_MakeLine(part ORDER BY ST_X(ST_LineInterpolatePoint(part, 0.5))) AS geom
FROM (
  SELECT province_code, (ST_Dump(geom)).geom AS part
  FROM border_lines
  WHERE section IN ('land', 'river')
) parts
GROUP BY province_code;
