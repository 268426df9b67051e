import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { periodSchema } from '@/lib/api/period';
import { getRecordingCamera, getTimeline } from '@/lib/recording/playback';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().uuid() });

/** A camera's recording timeline for a period (default: the last 24 hours): recorded stretches and gaps. */
export const GET = apiRoute({ params, query: periodSchema, action: 'recording:play' }, async ({ params, query, user, database }) => {
  const camera = await getRecordingCamera(database, user, params.id);
  const timeline = await getTimeline(database, camera, query.from.getTime(), query.to.getTime());
  return NextResponse.json({ from: query.from.toISOString(), to: query.to.toISOString(), ...timeline });
});
