// The current map view as a picture to print or send: title, time, the map itself (MapLibre and
// deck.gl draw into one canvas), scale bar, north arrow, legend and attribution, drawn with the
// page's own Noto Sans so Vietnamese reads right. PNG as drawn; PDF as that picture on an A4
// landscape page (pdf-lib, loaded when asked for).
import type maplibregl from 'maplibre-gl';

export interface LegendEntry {
  label: string;
  color: string;
  shape: 'line' | 'dashed' | 'area' | 'dot' | 'ring';
}

export interface PrintOptions {
  title: string;
  subtitle: string;
  legendTitle: string;
  legend: LegendEntry[];
  attribution: string;
  /** Formats a length in metres in the reader's language. */
  distance: (metres: number) => string;
  northLabel: string;
}

const FONT = '"Noto Sans", sans-serif';
const BG = '#0b1620';
const TEXT = '#e5ece8';
const MUTED = '#93a7b6';

/** A scale bar length that is 1, 2 or 5 × 10ⁿ metres and fits in `maxPx` pixels. */
export function niceScale(metresPerPixel: number, maxPx: number): { metres: number; px: number } {
  const max = metresPerPixel * maxPx;
  const pow = 10 ** Math.floor(Math.log10(max));
  const metres = [5, 2, 1].map((m) => m * pow).find((m) => m <= max) ?? pow;
  return { metres, px: metres / metresPerPixel };
}

function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export async function renderMapImage(map: maplibregl.Map, options: PrintOptions): Promise<HTMLCanvasElement> {
  await Promise.all([document.fonts.load(`700 20px ${FONT}`), document.fonts.load(`400 14px ${FONT}`)]);
  // Make sure the canvas holds a finished frame.
  await new Promise<void>((resolve) => {
    map.once('render', () => resolve());
    map.triggerRepaint();
  });
  const source = map.getCanvas();
  const ratio = source.width / source.clientWidth || 1;
  const mapW = source.width;
  const mapH = source.height;
  const pad = Math.round(16 * ratio);
  const headerH = Math.round(64 * ratio);
  const legendCols = Math.max(1, Math.floor(mapW / (260 * ratio)));
  const legendRows = Math.ceil(options.legend.length / legendCols);
  const footerH = Math.round((36 + legendRows * 22 + 44) * ratio);
  const canvas = document.createElement('canvas');
  canvas.width = mapW + pad * 2;
  canvas.height = headerH + mapH + footerH + pad;
  const ctx = canvas.getContext('2d')!;
  const px = (n: number) => Math.round(n * ratio);
  ctx.fillStyle = BG;
  ctx.fillRect(0, 0, canvas.width, canvas.height);

  ctx.fillStyle = TEXT;
  ctx.textBaseline = 'top';
  ctx.font = `700 ${px(20)}px ${FONT}`;
  ctx.fillText(options.title, pad, px(12));
  ctx.fillStyle = MUTED;
  ctx.font = `400 ${px(13)}px ${FONT}`;
  ctx.fillText(options.subtitle, pad, px(40));

  const top = headerH;
  ctx.drawImage(source, pad, top, mapW, mapH);
  ctx.strokeStyle = '#23384a';
  ctx.lineWidth = px(1);
  ctx.strokeRect(pad, top, mapW, mapH);

  // North arrow, turned with the map.
  const cx = pad + mapW - px(34);
  const cy = top + px(40);
  ctx.save();
  ctx.translate(cx, cy);
  ctx.rotate((-map.getBearing() * Math.PI) / 180);
  ctx.fillStyle = 'rgba(11,22,32,0.8)';
  ctx.beginPath();
  ctx.arc(0, 0, px(22), 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ff4d4f';
  ctx.beginPath();
  ctx.moveTo(0, -px(16));
  ctx.lineTo(px(7), px(6));
  ctx.lineTo(0, px(2));
  ctx.lineTo(-px(7), px(6));
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = TEXT;
  ctx.font = `700 ${px(11)}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(options.northLabel, 0, px(13));
  ctx.restore();

  // Scale bar, measured across the middle of the view.
  const y = source.clientHeight / 2;
  const a = map.unproject([0, y]);
  const b = map.unproject([100, y]);
  const metresPerCssPx = a.distanceTo(b) / 100;
  const scale = niceScale(metresPerCssPx, 160);
  const sx = pad + px(14);
  const sy = top + mapH - px(22);
  ctx.fillStyle = 'rgba(11,22,32,0.8)';
  ctx.fillRect(sx - px(6), sy - px(20), px(scale.px) + px(12), px(30));
  ctx.strokeStyle = TEXT;
  ctx.lineWidth = px(2);
  ctx.beginPath();
  ctx.moveTo(sx, sy - px(6));
  ctx.lineTo(sx, sy);
  ctx.lineTo(sx + px(scale.px), sy);
  ctx.lineTo(sx + px(scale.px), sy - px(6));
  ctx.stroke();
  ctx.fillStyle = TEXT;
  ctx.font = `400 ${px(12)}px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillText(options.distance(scale.metres), sx, sy - px(7));

  // Legend and attribution below the map.
  let ly = top + mapH + px(12);
  ctx.textBaseline = 'top';
  ctx.fillStyle = MUTED;
  ctx.font = `700 ${px(12)}px ${FONT}`;
  ctx.fillText(options.legendTitle.toUpperCase(), pad, ly);
  ly += px(22);
  ctx.font = `400 ${px(12)}px ${FONT}`;
  const colW = mapW / legendCols;
  options.legend.forEach((entry, i) => {
    const x = pad + (i % legendCols) * colW;
    const yy = ly + Math.floor(i / legendCols) * px(22);
    ctx.strokeStyle = entry.color;
    ctx.fillStyle = entry.color;
    ctx.lineWidth = px(3);
    if (entry.shape === 'dot') {
      ctx.beginPath();
      ctx.arc(x + px(12), yy + px(7), px(5), 0, Math.PI * 2);
      ctx.fill();
    } else if (entry.shape === 'ring') {
      ctx.beginPath();
      ctx.arc(x + px(12), yy + px(7), px(5), 0, Math.PI * 2);
      ctx.stroke();
    } else if (entry.shape === 'area') {
      ctx.globalAlpha = 0.45;
      ctx.fillRect(x, yy, px(24), px(14));
      ctx.globalAlpha = 1;
      ctx.lineWidth = px(1);
      ctx.strokeRect(x, yy, px(24), px(14));
    } else {
      ctx.setLineDash(entry.shape === 'dashed' ? [px(5), px(3)] : []);
      ctx.beginPath();
      ctx.moveTo(x, yy + px(7));
      ctx.lineTo(x + px(24), yy + px(7));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.fillStyle = TEXT;
    ctx.fillText(entry.label, x + px(32), yy);
  });
  ly += legendRows * px(22) + px(8);
  ctx.fillStyle = MUTED;
  ctx.font = `400 ${px(10)}px ${FONT}`;
  for (const line of wrap(ctx, options.attribution, mapW).slice(0, 3)) {
    ctx.fillText(line, pad, ly);
    ly += px(13);
  }
  return canvas;
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no image'))), 'image/png'));
}

/** The picture on an A4 landscape page, fitted within margins, with the title in the PDF's metadata. */
export async function canvasToPdf(canvas: HTMLCanvasElement, title: string): Promise<Blob> {
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('Vigil');
  pdf.setProducer('Vigil');
  pdf.setCreationDate(new Date());
  const png = await pdf.embedPng(await (await canvasToPng(canvas)).arrayBuffer());
  const page = pdf.addPage([841.89, 595.28]);
  const margin = 24;
  const fit = Math.min((page.getWidth() - margin * 2) / png.width, (page.getHeight() - margin * 2) / png.height);
  const w = png.width * fit;
  const h = png.height * fit;
  page.drawImage(png, { x: (page.getWidth() - w) / 2, y: (page.getHeight() - h) / 2, width: w, height: h });
  const bytes = await pdf.save();
  return new Blob([bytes as BlobPart], { type: 'application/pdf' });
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
