// Cameras gathered into clusters at low zoom (a count in a circle, coloured by the worst status
// inside), so the province view shows where cameras are and hotspot names stay readable.
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import Supercluster from 'supercluster';
import { hexToRgba, type CameraFeature } from '@/components/map/deck-layers';
import { STATUS_COLORS } from '@/components/map/map-style';

/** From this zoom on, every camera is drawn on its own. */
export const CLUSTER_MAX_ZOOM = 11;

/** Worst first: a cluster takes the colour of its most urgent camera. */
const URGENCY = ['offline', 'stalled', 'unsupported', 'unknown', 'live'] as const;
type Status = (typeof URGENCY)[number];

export interface CameraCluster {
  position: [number, number];
  count: number;
  status: Status;
  clusterId: number;
}

interface ClusterProps {
  worst: number;
}

export function buildCameraIndex(cameras: CameraFeature[]): Supercluster<{ worst: number }, ClusterProps> {
  const index = new Supercluster<{ worst: number }, ClusterProps>({
    radius: 48,
    maxZoom: CLUSTER_MAX_ZOOM - 1,
    map: (p) => ({ worst: p.worst }),
    reduce: (acc, p) => {
      acc.worst = Math.min(acc.worst, p.worst);
    },
  });
  index.load(
    cameras.map((c) => ({
      type: 'Feature' as const,
      id: c.id,
      geometry: c.geometry,
      properties: { worst: Math.max(0, URGENCY.indexOf(c.properties.status as Status)) },
    })),
  );
  return index;
}

/** Clusters of more than one camera at this zoom (single cameras are drawn as icons). */
export function cameraClusters(index: Supercluster<{ worst: number }, ClusterProps>, zoom: number): CameraCluster[] {
  if (zoom >= CLUSTER_MAX_ZOOM) return [];
  return index
    .getClusters([-180, -85, 180, 85], Math.floor(zoom))
    .filter((f) => 'cluster' in f.properties && f.properties.cluster)
    .map((f) => {
      const p = f.properties as ClusterProps & { cluster_id: number; point_count: number };
      return { position: f.geometry.coordinates as [number, number], count: p.point_count, status: URGENCY[p.worst] ?? 'unknown', clusterId: p.cluster_id };
    });
}

/** Ids of the cameras inside clusters at this zoom (not drawn as icons). */
export function clusteredCameraIds(index: Supercluster<{ worst: number }, ClusterProps>, zoom: number): Set<string> {
  const hidden = new Set<string>();
  if (zoom >= CLUSTER_MAX_ZOOM) return hidden;
  for (const f of index.getClusters([-180, -85, 180, 85], Math.floor(zoom))) {
    if ('cluster' in f.properties && f.properties.cluster) {
      for (const leaf of index.getLeaves((f.properties as { cluster_id: number }).cluster_id, Infinity)) hidden.add(String(leaf.id));
    }
  }
  return hidden;
}

export function cameraClusterLayers(clusters: CameraCluster[], visible: boolean, scale = 1) {
  return [
    new ScatterplotLayer<CameraCluster>({
      id: 'camera-clusters',
      data: clusters,
      visible,
      pickable: true,
      radiusUnits: 'pixels',
      getPosition: (d) => d.position,
      getRadius: (d) => (11 + Math.min(10, Math.sqrt(d.count) * 2.5)) * scale,
      getFillColor: (d) => hexToRgba(STATUS_COLORS[d.status], 235),
      stroked: true,
      getLineColor: [255, 255, 255, 255],
      lineWidthMinPixels: 2,
    }),
    new TextLayer<CameraCluster>({
      id: 'camera-cluster-counts',
      data: clusters,
      visible,
      getPosition: (d) => d.position,
      getText: (d) => String(d.count),
      getSize: 13 * scale,
      getColor: [11, 22, 32, 255],
      fontFamily: 'Noto Sans, sans-serif',
      fontWeight: 700,
      // Counts only: a ten-glyph atlas instead of deck's default (ASCII), built on the main thread.
      characterSet: '0123456789',
    }),
  ];
}
