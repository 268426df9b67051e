// deck.gl layers for the map tools (measurements, range rings, distance to the border, a
// search result), pure functions from tool state to layers, like deck-layers.ts.
import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer, type TextLayerProps } from '@deck.gl/layers';
import { circleRing, type LonLat } from '@/lib/geo/measure';

export type ToolShape =
  | { kind: 'line'; points: LonLat[] }
  | { kind: 'area'; points: LonLat[] }
  | { kind: 'rings'; center: LonLat; radii: number[]; labels: string[] }
  | { kind: 'border'; from: LonLat; to: LonLat; label: string }
  | { kind: 'highlight'; point: LonLat };

const TOOL_COLOR: [number, number, number] = [255, 214, 10];
/** Labels on the map use the page's own font, which covers Vietnamese. */
const FONT = 'Noto Sans, sans-serif';

type Label = { position: LonLat; text: string };

/** A tool's text on the map, outlined so it reads over any background. */
function toolLabels(id: string, data: Label[], placement: Partial<Pick<TextLayerProps<Label>, 'getTextAnchor' | 'getAlignmentBaseline'>> = {}) {
  return new TextLayer<Label>({
    id,
    data,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getColor: [...TOOL_COLOR, 255],
    getSize: 13,
    fontFamily: FONT,
    characterSet: 'auto',
    outlineWidth: 3,
    outlineColor: [11, 22, 32, 255],
    fontSettings: { sdf: true },
    ...placement,
  });
}

export function toolLayers(shape: ToolShape | null, now: number) {
  if (!shape) return [];
  switch (shape.kind) {
    case 'line':
    case 'area':
      return [
        ...(shape.kind === 'area' && shape.points.length >= 3
          ? [new PolygonLayer<LonLat[]>({ id: 'tool-area', data: [shape.points], getPolygon: (d) => d, getFillColor: [...TOOL_COLOR, 50], getLineColor: [...TOOL_COLOR, 0], lineWidthMinPixels: 0 })]
          : []),
        new PathLayer<LonLat[]>({
          id: 'tool-path',
          data: [shape.kind === 'area' && shape.points.length >= 3 ? [...shape.points, shape.points[0]!] : shape.points],
          getPath: (d) => d,
          getColor: [...TOOL_COLOR, 255],
          widthUnits: 'pixels',
          getWidth: 3,
        }),
        new ScatterplotLayer<LonLat>({ id: 'tool-vertices', data: shape.points, getPosition: (d) => d, radiusUnits: 'pixels', getRadius: 5, getFillColor: [11, 22, 32, 255], stroked: true, getLineColor: [...TOOL_COLOR, 255], lineWidthMinPixels: 2 }),
      ];
    case 'rings':
      return [
        new PathLayer<LonLat[]>({
          id: 'tool-rings',
          data: shape.radii.map((r) => circleRing(shape.center, r)),
          getPath: (d) => d,
          getColor: [...TOOL_COLOR, 230],
          widthUnits: 'pixels',
          getWidth: 2,
        }),
        toolLabels('tool-ring-labels', shape.radii.map((r, i) => ({ position: circleRing(shape.center, r, 4)[0]!, text: shape.labels[i]! })), { getTextAnchor: 'middle', getAlignmentBaseline: 'bottom' }),
        new ScatterplotLayer<LonLat>({ id: 'tool-ring-centre', data: [shape.center], getPosition: (d) => d, radiusUnits: 'pixels', getRadius: 4, getFillColor: [...TOOL_COLOR, 255] }),
      ];
    case 'border':
      return [
        new PathLayer<LonLat[]>({ id: 'tool-border-line', data: [[shape.from, shape.to]], getPath: (d) => d, getColor: [...TOOL_COLOR, 255], widthUnits: 'pixels', getWidth: 3 }),
        new ScatterplotLayer<LonLat>({ id: 'tool-border-ends', data: [shape.from, shape.to], getPosition: (d) => d, radiusUnits: 'pixels', getRadius: 5, getFillColor: [...TOOL_COLOR, 255] }),
        toolLabels('tool-border-label', [{ position: [(shape.from[0] + shape.to[0]) / 2, (shape.from[1] + shape.to[1]) / 2], text: shape.label }]),
      ];
    case 'highlight': {
      const phase = (now % 1600) / 1600;
      return [
        new ScatterplotLayer<LonLat>({
          id: 'tool-highlight',
          data: [shape.point],
          getPosition: (d) => d,
          radiusUnits: 'pixels',
          getRadius: 10 + phase * 22,
          stroked: true,
          filled: false,
          getLineColor: [...TOOL_COLOR, Math.round(255 * (1 - phase))],
          lineWidthMinPixels: 3,
          updateTriggers: { getRadius: [phase], getLineColor: [phase] },
        }),
        new ScatterplotLayer<LonLat>({ id: 'tool-highlight-dot', data: [shape.point], getPosition: (d) => d, radiusUnits: 'pixels', getRadius: 6, getFillColor: [...TOOL_COLOR, 255], stroked: true, getLineColor: [11, 22, 32, 255], lineWidthMinPixels: 2 }),
      ];
    }
  }
}
