'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

// The inbox and a second window (a second monitor) share the selected alert over a
// BroadcastChannel: the inbox leads (says what is selected, and answers a follower that just
// opened), the follower shows the detail of whatever the inbox selects.

const CHANNEL = 'vigil-alert-selection';
export const FOLLOWER_URL = '/alerts/follow';

type Message = { type: 'select'; groupId: string | null } | { type: 'hello' };

/**
 * `leader`: announces `selected` and returns how to open a follower window. `follower`: returns
 * the selection announced by the leader.
 */
export function useSelectionChannel(selected: string | null, role: 'leader' | 'follower'): { openFollower: () => void; followed: string | null } {
  const channel = useRef<BroadcastChannel | null>(null);
  const current = useRef(selected);
  const [followed, setFollowed] = useState<string | null>(null);
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel(CHANNEL);
    channel.current = ch;
    ch.onmessage = (e: MessageEvent<Message>) => {
      if (role === 'leader' && e.data.type === 'hello') ch.postMessage({ type: 'select', groupId: current.current } satisfies Message);
      if (role === 'follower' && e.data.type === 'select') setFollowed(e.data.groupId);
    };
    if (role === 'follower') ch.postMessage({ type: 'hello' } satisfies Message);
    return () => {
      ch.close();
      channel.current = null;
    };
  }, [role]);
  useEffect(() => {
    current.current = selected;
    if (role === 'leader') channel.current?.postMessage({ type: 'select', groupId: selected } satisfies Message);
  }, [selected, role]);
  const openFollower = useCallback(() => {
    window.open(FOLLOWER_URL, 'vigil-alert-detail', 'popup,width=900,height=1000');
  }, []);
  return { openFollower, followed };
}
