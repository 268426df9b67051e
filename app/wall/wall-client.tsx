'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveEvents } from '@/components/live/use-live-events';
import { CameraPlayer } from '@/components/video/camera-player';
import { RecordingPlayer } from '@/components/video/recording-player';
import { apiFetch, errorMessage } from '@/lib/api/client';
import { Options } from '@/components/app/options';

type Layout = 1 | 4 | 9 | 16;

interface WallCamera {
  id: string;
  name: string;
  zoneName: string | null;
  facilityName: string | null;
  status: string;
  lastErrorCode: string | null;
  isDemo: boolean;
}

interface SavedWall {
  name: string;
  layout: Layout;
  cameraIds: (string | null)[];
}

const LAYOUTS: Layout[] = [1, 4, 9, 16];
/** Seconds between pages when the wall cycles through cameras (0: it does not). */
const CYCLES = [0, 10, 20, 30, 60] as const;
const fitLayout = (n: number): Layout => LAYOUTS.find((l) => l >= n) ?? 16;

/** A wall tile's "review" starts this far back. */
const REVIEW_BACK_MS = 60_000;

export function WallClient({ cameras, savedWalls, initialCameraIds, canReview = false }: { cameras: WallCamera[]; savedWalls: SavedWall[]; initialCameraIds: string[]; canReview?: boolean }) {
  const t = useTranslations();
  const [layout, setLayout] = useState<Layout>(fitLayout(Math.max(initialCameraIds.length, 4)));
  const [cells, setCells] = useState<(string | null)[]>(initialCameraIds);
  const [selectedCell, setSelectedCell] = useState(0);
  const [query, setQuery] = useState('');
  const [walls, setWalls] = useState(savedWalls);
  const [status, setStatus] = useState<Record<string, { status: string; errorCode: string | null }>>(() =>
    Object.fromEntries(cameras.map((c) => [c.id, { status: c.status, errorCode: c.lastErrorCode }])),
  );
  const [cycle, setCycle] = useState<(typeof CYCLES)[number]>(0);
  const [page, setPage] = useState(0);
  /** Tiles showing a recording instead of live video: camera id → the moment asked for. */
  const [reviewing, setReviewing] = useState<Record<string, number>>({});
  const wallRef = useRef<HTMLDivElement>(null);
  const byId = useMemo(() => new Map(cameras.map((c) => [c.id, c])), [cameras]);

  useLiveEvents((e) => {
    if (e.topic === 'camera.status') setStatus((s) => ({ ...s, [e.cameraId]: { status: e.status, errorCode: e.errorCode } }));
  });

  const groups = useMemo(() => {
    const zones = new Map<string, string[]>();
    const facilities = new Map<string, string[]>();
    for (const c of cameras) {
      if (c.zoneName) zones.set(c.zoneName, [...(zones.get(c.zoneName) ?? []), c.id]);
      if (c.facilityName) facilities.set(c.facilityName, [...(facilities.get(c.facilityName) ?? []), c.id]);
    }
    return { zones: [...zones], facilities: [...facilities] };
  }, [cameras]);

  const place = (id: string) => {
    setCells((prev) => {
      const next = Array.from({ length: layout }, (_, i) => prev[i] ?? null);
      next[selectedCell] = id;
      return next;
    });
    setSelectedCell((i) => (i + 1) % layout);
  };
  const showGroup = (ids: string[]) => {
    const l = fitLayout(ids.length);
    setLayout(l);
    setCells(ids.slice(0, l));
    setSelectedCell(0);
  };
  const save = async () => {
    const name = window.prompt(t('wall.saveAs'), walls[0]?.name ?? t('wall.defaultName'));
    if (!name) return;
    const wall = { name, layout, cameraIds: Array.from({ length: layout }, (_, i) => cells[i] ?? null) };
    try {
      await apiFetch('/api/walls', { method: 'PUT', body: wall });
      setWalls((w) => [...w.filter((x) => x.name !== name), wall].sort((a, b) => a.name.localeCompare(b.name)));
    } catch (err) {
      window.alert(errorMessage(err));
    }
  };
  const filtered = cameras.filter((c) => `${c.name} ${c.zoneName ?? ''} ${c.facilityName ?? ''}`.toLowerCase().includes(query.toLowerCase()));
  const pages = Math.max(1, Math.ceil(filtered.length / layout));

  // Cycling: the wall shows the (filtered) cameras a page at a time, turning every few seconds.
  useEffect(() => {
    if (!cycle) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), cycle * 1000);
    return () => clearInterval(timer);
  }, [cycle, pages]);
  const shownCells = cycle ? filtered.slice((page % pages) * layout, (page % pages) * layout + layout).map((c) => c.id) : cells;

  return (
    <div className="wall-shell">
      <aside className="wall-side">
        <div className="toolbar">
          {LAYOUTS.map((l) => (
            <button key={l} type="button" className="button small" aria-pressed={l === layout} data-testid={`layout-${l}`} onClick={() => setLayout(l)}>
              {l}
            </button>
          ))}
          <button type="button" className="button small" onClick={() => void wallRef.current?.requestFullscreen()}>
            {t('wall.fullscreen')}
          </button>
          <button type="button" className="button small" onClick={() => void save()}>
            {t('wall.save')}
          </button>
        </div>
        <label className="wall-cycle">
          {t('wall.cycle')}
          <select value={cycle} onChange={(e) => (setCycle(Number(e.target.value) as (typeof CYCLES)[number]), setPage(0))} data-testid="wall-cycle">
            <Options values={CYCLES} label={(c) => c ? t('wall.cycleEvery', { seconds: c }) : t('wall.cycleOff')} />
          </select>
        </label>
        {cycle > 0 && (
          <p className="small muted" role="status" data-testid="wall-page">
            {t('wall.page', { page: (page % pages) + 1, pages })}
          </p>
        )}
        {walls.length > 0 && (
          <>
            <h3>{t('wall.saved')}</h3>
            <ul>
              {walls.map((w) => (
                <li key={w.name}>
                  <button type="button" onClick={() => (setLayout(w.layout), setCells(w.cameraIds))}>
                    {w.name} <small>({w.layout})</small>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <GroupList title={t('wall.byZone')} groups={groups.zones} onPick={showGroup} />
        <GroupList title={t('wall.byFacility')} groups={groups.facilities} onPick={showGroup} />
        <h3>{t('layers.cameras')}</h3>
        <input type="search" placeholder={t('wall.search')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="wall-search" />
        <ul>
          {filtered.map((c) => (
            <li key={c.id}>
              <button type="button" onClick={() => place(c.id)} data-testid="wall-camera">
                <i className={`dot ${status[c.id]?.status ?? c.status}`} aria-hidden="true" />
                {c.name}
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <div ref={wallRef} className={`wall layout-${layout}`} data-testid="wall">
        {Array.from({ length: layout }, (_, i) => {
          const id = shownCells[i];
          const camera = id ? byId.get(id) : undefined;
          const health = camera ? (status[camera.id] ?? { status: camera.status, errorCode: camera.lastErrorCode }) : null;
          return camera && health ? (
            <div key={`${i}-${camera.id}`} className={`wall-tile${i === selectedCell ? ' selected' : ''}`} onClick={() => setSelectedCell(i)} data-testid="wall-tile">
              <header>
                <span>
                  {camera.name} {camera.isDemo && <small>· {t('map.demo')}</small>}
                </span>
                <small className="status-pill">
                  <i className={`dot ${health.status}`} aria-hidden="true" />
                  {[camera.zoneName ?? camera.facilityName, t(`cameraStatus.${health.status}` as 'cameraStatus.live')].filter(Boolean).join(' · ')}
                </small>
                {canReview && reviewing[camera.id] === undefined && (
                  <button type="button" className="button small" onClick={() => setReviewing((r) => ({ ...r, [camera.id]: Date.now() - REVIEW_BACK_MS }))} data-testid="wall-review">
                    {t('playback.open')}
                  </button>
                )}
              </header>
              {reviewing[camera.id] !== undefined ? (
                <RecordingPlayer
                  cameraId={camera.id}
                  at={reviewing[camera.id]!}
                  spanHours={1}
                  compact
                  onLive={() =>
                    setReviewing((r) => {
                      const { [camera.id]: _left, ...rest } = r;
                      return rest;
                    })
                  }
                />
              ) : (
                <CameraPlayer cameraId={camera.id} health={health} />
              )}
            </div>
          ) : (
            <button type="button" key={`${i}-empty`} className={`wall-tile empty${i === selectedCell ? ' selected' : ''}`} onClick={() => setSelectedCell(i)} aria-pressed={i === selectedCell}>
              {t('wall.emptyTile')}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** One click shows every camera of a zone or facility on the wall. */
function GroupList({ title, groups, onPick }: { title: string; groups: [string, string[]][]; onPick: (ids: string[]) => void }) {
  return (
    <>
      <h3>{title}</h3>
      <ul>
        {groups.map(([name, ids]) => (
          <li key={name}>
            <button type="button" onClick={() => onPick(ids)}>
              {name} <small>({ids.length})</small>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
