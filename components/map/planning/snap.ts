// Snapping a drawn vertex to what is already on the map: the border line, other zones, routes
// and posts. terra-draw snaps to the features being drawn; this adds everything else.
import type maplibregl from 'maplibre-gl';
import type { SnapToCustom } from 'terra-draw';

/** Layers a vertex can snap to (the border first: planners draw sectors along it). */
export const SNAP_LAYERS = ['border-land', 'border-river', 'zone-line', 'route-line', 'checkpoint-circle'];
/** How close, in screen pixels, a vertex must come to snap. */
export const SNAP_PX = 12;

type Pos = [number, number];

/** The snapping function for terra-draw's modes; `enabled` is read on every move. */
export function snapToMap(map: maplibregl.Map, enabled: () => boolean): SnapToCustom {
  return (event) => {
    if (!enabled()) return undefined;
    const x = event.containerX;
    const y = event.containerY;
    const layers = SNAP_LAYERS.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
    if (layers.length === 0) return undefined;
    const hits = map.queryRenderedFeatures([[x - SNAP_PX, y - SNAP_PX], [x + SNAP_PX, y + SNAP_PX]], { layers });
    let best: { d: number; p: Pos } | null = null;
    const consider = (d: number, p: Pos) => {
      if (d <= SNAP_PX && (!best || d < best.d)) best = { d, p };
    };
    for (const hit of hits) {
      for (const line of linesOf(hit.geometry)) {
        const screen = line.map((c) => map.project(c as [number, number]));
        // Vertices win over the middle of an edge within a few pixels: corners are what people aim at.
        screen.forEach((s, i) => consider(Math.hypot(s.x - x, s.y - y) - 4, line[i]!));
        for (let i = 0; i + 1 < screen.length; i++) {
          const a = screen[i]!, b = screen[i + 1]!;
          const dx = b.x - a.x, dy = b.y - a.y;
          const len2 = dx * dx + dy * dy;
          if (len2 === 0) continue;
          const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / len2));
          const px = a.x + t * dx, py = a.y + t * dy;
          const ll = map.unproject([px, py]);
          consider(Math.hypot(px - x, py - y), [ll.lng, ll.lat]);
        }
      }
    }
    return (best as { d: number; p: Pos } | null)?.p;
  };
}

function linesOf(geometry: GeoJSON.Geometry): Pos[][] {
  switch (geometry.type) {
    case 'Point':
      return [[geometry.coordinates as Pos]];
    case 'LineString':
      return [geometry.coordinates as Pos[]];
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates as Pos[][];
    case 'MultiPolygon':
      return geometry.coordinates.flat() as Pos[][];
    default:
      return [];
  }
}
