// Recognising HLS media from its first bytes, with no I/O: which container a segment is (so
// the proxy serves only media, under a type it chose itself) and which video codec a stream
// carries (so an H.265-only camera is called unplayable even when its playlist does not say).

export type MediaType = 'video/mp2t' | 'video/mp4' | 'audio/aac' | 'audio/mpeg' | 'text/vtt';

const MP4_FIRST_BOXES = new Set(['ftyp', 'styp', 'moof', 'moov', 'sidx', 'emsg', 'prft', 'free', 'skip']);

/** The container of a segment from its first bytes, or null when it is none Vigil serves. */
export function sniffMediaType(head: Uint8Array): MediaType | null {
  if (head.length >= 1 && head[0] === 0x47 && (head.length < 189 || head[188] === 0x47)) return 'video/mp2t';
  if (head.length >= 8 && MP4_FIRST_BOXES.has(fourCc(head, 4))) return 'video/mp4';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 16)).replace(/^\uFEFF/, '');
  if (text.startsWith('WEBVTT')) return 'text/vtt';
  // Packed audio starts with an ID3 timestamp tag (RFC 8216 §3.4) or an ADTS/MPEG audio frame.
  if (text.startsWith('ID3')) return 'audio/aac';
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xf6) === 0xf0) return 'audio/aac';
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return 'audio/mpeg';
  return null;
}

/** Whether bytes look like markup or script (never served as media, whatever a camera claims). */
export function looksLikeText(head: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return /^(<|\{|\[|#EXTM3U|function|var |let |const |\/\/)/i.test(text);
}

function fourCc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/** MPEG-TS stream types of video (ISO 13818-1 and registrations). */
const TS_VIDEO: Record<number, string> = {
  0x01: 'MPEG-1 video',
  0x02: 'MPEG-2 video',
  0x10: 'MPEG-4 Part 2 video',
  0x1b: 'H.264',
  0x24: 'H.265 (HEVC)',
  0x42: 'AVS video',
  0xd1: 'Dirac',
  0xea: 'VC-1',
};

/**
 * The video codecs named in an MPEG-TS segment's program map (PAT → PMT), or null when the
 * bytes hold no complete PMT.
 */
export function tsVideoCodecs(bytes: Uint8Array): string[] | null {
  const pmtPids = new Set<number>();
  for (let at = 0; at + 188 <= bytes.length; at += 188) {
    if (bytes[at] !== 0x47) return null;
    const pusi = (bytes[at + 1]! & 0x40) !== 0;
    const pid = ((bytes[at + 1]! & 0x1f) << 8) | bytes[at + 2]!;
    const adaptation = (bytes[at + 3]! >> 4) & 0x3;
    let p = at + 4;
    if (adaptation === 2) continue;
    if (adaptation === 3) p += 1 + bytes[p]!;
    if (!pusi || p >= at + 188) continue;
    p += 1 + bytes[p]!; // pointer field
    const end = at + 188;
    if (pid === 0 && bytes[p] === 0x00) {
      const sectionLength = ((bytes[p + 1]! & 0x0f) << 8) | bytes[p + 2]!;
      const last = Math.min(p + 3 + sectionLength - 4, end);
      for (let q = p + 8; q + 4 <= last; q += 4) {
        const program = (bytes[q]! << 8) | bytes[q + 1]!;
        if (program !== 0) pmtPids.add(((bytes[q + 2]! & 0x1f) << 8) | bytes[q + 3]!);
      }
    } else if (pmtPids.has(pid) && bytes[p] === 0x02) {
      const sectionLength = ((bytes[p + 1]! & 0x0f) << 8) | bytes[p + 2]!;
      const last = Math.min(p + 3 + sectionLength - 4, end);
      const programInfoLength = ((bytes[p + 10]! & 0x0f) << 8) | bytes[p + 11]!;
      const codecs: string[] = [];
      for (let q = p + 12 + programInfoLength; q + 5 <= last; ) {
        const streamType = bytes[q]!;
        const esInfoLength = ((bytes[q + 3]! & 0x0f) << 8) | bytes[q + 4]!;
        if (TS_VIDEO[streamType]) codecs.push(TS_VIDEO[streamType]);
        q += 5 + esInfoLength;
      }
      return codecs;
    }
  }
  return null;
}

const MP4_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
const MP4_VIDEO_ENTRIES = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'vp09', 'av01', 'mp4v', 'dvh1', 'dvhe', 'encv']);

/**
 * The video sample entries (avc1, hvc1, …) in an fMP4 init segment's sample descriptions; an
 * encrypted entry (encv) is reported as its original format. Null when there is no moov.
 */
export function mp4VideoCodecs(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: string[] = [];
  let sawMoov = false;
  const walk = (start: number, end: number, depth: number) => {
    let at = start;
    while (at + 8 <= end && depth < 8) {
      let size = view.getUint32(at);
      const type = fourCc(bytes, at + 4);
      let header = 8;
      if (size === 1 && at + 16 <= end) {
        size = Number(view.getBigUint64(at + 8));
        header = 16;
      } else if (size === 0) size = end - at;
      if (size < header || at + size > end) return;
      if (type === 'moov') sawMoov = true;
      if (MP4_CONTAINERS.has(type)) walk(at + header, at + size, depth + 1);
      else if (type === 'stsd') {
        // Full box: version and flags, entry count, then the sample entries.
        let entry = at + header + 8;
        while (entry + 8 <= at + size) {
          const entrySize = view.getUint32(entry);
          const entryType = fourCc(bytes, entry + 4);
          if (entrySize < 8) break;
          if (entryType === 'encv') found.push(originalFormat(bytes, entry, Math.min(entry + entrySize, at + size)) ?? 'encv');
          else if (MP4_VIDEO_ENTRIES.has(entryType)) found.push(entryType);
          entry += entrySize;
        }
      }
      at += size;
    }
  };
  walk(0, bytes.length, 0);
  return sawMoov ? found : null;
}

/** The `frma` box inside an encrypted sample entry names the format before encryption. */
function originalFormat(bytes: Uint8Array, start: number, end: number): string | null {
  for (let at = start + 8; at + 12 <= end; at++) {
    if (fourCc(bytes, at) === 'frma') return fourCc(bytes, at + 4);
  }
  return null;
}

/** Video codecs browsers decode through Media Source Extensions (H.264 only, everywhere). */
export function unplayableVideo(codecs: string[]): string | null {
  const playable = (c: string) => c === 'H.264' || c === 'avc1' || c === 'avc3';
  if (codecs.length === 0 || codecs.some(playable)) return null;
  const named = codecs.map((c) => (c === 'hvc1' || c === 'hev1' ? `H.265 (HEVC, ${c})` : c));
  return `video codec not playable in browsers: ${[...new Set(named)].join(', ')}`;
}
