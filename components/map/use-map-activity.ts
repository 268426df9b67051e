'use client';

import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { LIVE_DETECTION_MS, PULSE_MS } from '@/components/map/activity-layers';
import type { CameraFeature } from '@/components/map/deck-layers';
import type { FeedItem } from '@/components/map/live-feed';
import { useLiveEvents, type CrossingEvent, type LiveDetection } from '@/components/live/use-live-events';

/** Live detections kept on the map at most (oldest dropped first). */
const MAX_LIVE = 5_000;
export const FEED_LENGTH = 30;

interface ActivityRow {
  id: number;
  at: string;
  cameraId: string;
  class: LiveDetection['class'];
  count: number;
  confidence: number | null;
  trackId: string | null;
  side: LiveDetection['side'];
  direction: CrossingEvent['direction'] | null;
  alerted: boolean;
  lon: number;
  lat: number;
}

/**
 * What is happening on the map now: recent detections (fading), crossings (pulsing) and the
 * live feed, loaded for the last minutes and then kept current by the live stream, which also
 * recolours cameras whose status changes. A crossing a late point retracted leaves at once.
 */
export function useMapActivity(setCameras: Dispatch<SetStateAction<CameraFeature[]>>, onRetracted: (crossingId: number) => void) {
  const [live, setLive] = useState<LiveDetection[]>([]);
  const [crossings, setCrossings] = useState<CrossingEvent[]>([]);
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    const since = (ms: number) => new Date(Date.now() - ms).toISOString();
    const load = async (kind: 'detections' | 'crossings', from: string, limit: number) => {
      const res = await fetch(`/api/activity?kind=${kind}&from=${encodeURIComponent(from)}&limit=${limit}`, { signal: abort.signal });
      return res.ok ? ((await res.json()) as { rows: ActivityRow[] }).rows : [];
    };
    Promise.all([load('detections', since(LIVE_DETECTION_MS), 500), load('crossings', since(12 * 3_600_000), FEED_LENGTH)])
      .then(([dets, xs]) => {
        setLive(dets.map((d) => ({ id: d.id, cameraId: d.cameraId, class: d.class, count: d.count, confidence: d.confidence ?? 0, observedAt: d.at, trackId: d.trackId, side: d.side, lon: d.lon, lat: d.lat })).reverse());
        const recent = xs.map<CrossingEvent>((c) => ({ topic: 'crossing', crossingId: c.id, cameraId: c.cameraId, direction: c.direction ?? 'into_vn', crossedAt: c.at, class: c.class, count: c.count, lon: c.lon, lat: c.lat, provinceCode: '', agencyId: null }));
        setFeed(recent.map((crossing, i) => ({ crossing, alert: xs[i]?.alerted })));
        setCrossings(recent.filter((c) => Date.now() - Date.parse(c.crossedAt) < PULSE_MS));
      })
      .catch(() => undefined);
    return () => abort.abort();
  }, [reloadKey]);

  const connected = useLiveEvents(
    (event) => {
      if (event.topic === 'camera.status') {
        setCameras((list) =>
          list.map((c) => (c.id === event.cameraId ? { ...c, properties: { ...c.properties, status: event.status, statusSince: event.since, lastErrorCode: event.errorCode } } : c)),
        );
      } else if (event.topic === 'detections') {
        setLive((list) => [...list, ...event.items].slice(-MAX_LIVE));
      } else if (event.topic === 'crossing') {
        setCrossings((list) => [...list.filter((c) => c.crossingId !== event.crossingId), event]);
        setFeed((list) => [{ crossing: event }, ...list.filter((f) => f.crossing.crossingId !== event.crossingId)].slice(0, FEED_LENGTH));
      } else if (event.topic === 'crossing.retracted') {
        setCrossings((list) => list.filter((c) => c.crossingId !== event.crossingId));
        setFeed((list) => list.filter((f) => f.crossing.crossingId !== event.crossingId));
        onRetracted(event.crossingId);
      } else if (event.topic === 'alert' && event.kind === 'hotspot_crossing' && event.change === 'raised') {
        setFeed((list) => list.map((f) => (f.crossing.crossingId === event.crossingId ? { ...f, alert: true } : f)));
      }
    },
    () => setReloadKey((k) => k + 1),
  );

  return { live, crossings, setCrossings, feed, connected };
}
