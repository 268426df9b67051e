'use client';

import dynamic from 'next/dynamic';
import type { MapCanvasProps } from '@/components/map/map-canvas';

// MapLibre and deck.gl need a browser (WebGL); load them lazily on the client only — but start
// fetching them as soon as this page's script runs, not only once React has hydrated it.
if (typeof window !== 'undefined') void import('@/components/map/map-canvas');
const MapCanvas = dynamic(() => import('@/components/map/map-canvas'), { ssr: false });

export function MapView(props: MapCanvasProps) {
  return <MapCanvas {...props} />;
}
