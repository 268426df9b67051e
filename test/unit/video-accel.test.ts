import { describe, expect, it } from 'vitest';
import { segmentHandOver, segmentTypeByName, SEGMENT_LOCATION } from '@/lib/video/accel';

// What an instance tells nginx when it hands a segment over (lib/video/accel.ts): nginx sends the
// bytes as the type named here, so the type must follow the segment's name, whatever its query.
describe('segment hand-over to nginx', () => {
  it.each([
    ['http://cam/live/seg-1.ts', 'video/mp2t'],
    ['http://cam/live/SEG-1.TS?token=a.b', 'video/mp2t'],
    ['http://cam/live/chunk-7.m4s', 'video/mp4'],
    ['http://cam/live/init.mp4', 'video/mp4'],
    ['http://cam/live/audio-3.m4a', 'audio/mp4'],
    ['http://cam/live/subs-1.vtt', 'text/vtt'],
    ['http://cam/live/page.html', 'application/octet-stream'],
    ['http://cam/live/seg.ts.html', 'application/octet-stream'],
    ['http://cam/live/seg?name=x.ts', 'application/octet-stream'],
  ])('types %s as %s', (url, type) => {
    expect(segmentTypeByName(url)).toBe(type);
  });

  it('names the location, the address, the credentials and the type, with an empty body', async () => {
    const res = segmentHandOver('http://10.0.0.5:8888/cam/seg-9.ts', 'Basic dTpw');
    expect(res.headers.get('x-accel-redirect')).toBe(SEGMENT_LOCATION);
    expect(res.headers.get('x-vigil-segment-url')).toBe('http://10.0.0.5:8888/cam/seg-9.ts');
    expect(res.headers.get('x-vigil-segment-authorization')).toBe('Basic dTpw');
    expect(res.headers.get('x-vigil-segment-type')).toBe('video/mp2t');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('');
  });
});
