import type { MapOutlines } from '@/db/queries/programme';
import type { FacilityFigure } from '@/lib/programme/figures';
import { STATUS_COLORS } from '@/lib/programme/status-colors';

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small printed map: land, province boundaries and the border from the reference data, and each
 * facility as a dot in its status colour. Coordinates stay in degrees (y = −latitude, as
 * ST_AsSVG writes them); the frame is narrowed by cos(latitude) so shapes keep their proportions.
 */
export function facilitiesMapSvg(outlines: MapOutlines, facilities: FacilityFigure[], widthPt = 500, title = ''): string {
  const [w, s, e, n] = outlines.bbox;
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const vbW = (e - w) * k;
  const vbH = n - s;
  const heightPt = Math.round((widthPt * vbH) / vbW);
  const unit = vbW / widthPt;
  const group = (paths: string[], style: string) => paths.map((d) => `<path d="${d}" ${style}/>`).join('');
  const dots = facilities
    .map((f) => `<circle cx="${f.lon}" cy="${-f.lat}" r="${4 * unit}" fill="${STATUS_COLORS[f.status]}" stroke="#111827" stroke-width="${0.6 * unit}"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPt}" height="${heightPt}" viewBox="0 0 ${vbW} ${vbH}">
<title>${escapeXml(title)}</title>
<rect x="0" y="0" width="${vbW}" height="${vbH}" fill="#dbeafe"/>
<g transform="scale(${k} 1) translate(${-w} ${n})">
${group(outlines.land, `fill="#f8fafc" stroke="#94a3b8" stroke-width="${0.8 * unit}"`)}
${group(outlines.provinces, `fill="none" stroke="#64748b" stroke-width="${0.8 * unit}" stroke-dasharray="${4 * unit} ${2 * unit}"`)}
${group(outlines.border, `fill="none" stroke="#b91c1c" stroke-width="${1.4 * unit}"`)}
${dots}
</g>
</svg>`;
}
