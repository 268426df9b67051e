'use client';

import type maplibregl from 'maplibre-gl';
import { useTranslations } from 'next-intl';
import { useState, type RefObject } from 'react';
import { useFormats } from '@/components/app/use-formats';
import { legendEntries } from '@/components/map/legend';
import { attributionLines } from '@/components/map/map-style';
import { canvasToPdf, canvasToPng, download, renderMapImage } from '@/components/map/print-map';

/** Prints the map as it is shown, with title, who printed it and when, legend, scale and north, to PNG or PDF. */
export function useMapPrint(mapRef: RefObject<maplibregl.Map | null>, userName: string, onError: (message: string) => void) {
  const t = useTranslations();
  const f = useFormats();
  const [printing, setPrinting] = useState(false);

  const print = async (kind: 'png' | 'pdf') => {
    const instance = mapRef.current;
    if (!instance) return;
    setPrinting(true);
    try {
      const now = new Date();
      const title = `${t('app.name')} – ${t('app.tagline')}`;
      const canvas = await renderMapImage(instance, {
        title,
        subtitle: t('print.subtitle', { time: f.dateTime(now), user: userName }),
        legendTitle: t('map.legend'),
        legend: legendEntries(t),
        attribution: attributionLines(t).join(' · '),
        distance: f.distance,
        northLabel: t('print.north'),
      });
      const stamp = f.localStamp(now).slice(0, 16).replace(/-/g, '').replace(' ', '-').replace(':', '');
      const name = `vigil-${t('print.fileName')}-${stamp}.${kind}`;
      download(kind === 'png' ? await canvasToPng(canvas) : await canvasToPdf(canvas, `${title} – ${f.dateTime(now)}`), name);
    } catch (err) {
      onError(String((err as Error).message ?? err));
    } finally {
      setPrinting(false);
    }
  };

  return { printing, print };
}
