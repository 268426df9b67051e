'use client';

import dynamic from 'next/dynamic';
import type { MapCanvasProps } from '@/components/map/map-canvas';

// MapLibre and deck.gl need a browser (WebGL); load them lazily on the client only.
const MapCanvas = dynamic(() => import('@/components/map/map-canvas'), { ssr: false });

export function MapView(props: MapCanvasProps) {
  return <MapCanvas {...props} />;
}
