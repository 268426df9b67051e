'use client';

// How a new alert gets a person's attention: a short two-tone sound (Web Audio, so nothing is
// downloaded), a browser notification when the person allowed them, and the count in the tab
// title. Every signal is also announced as a DOM event, which tests and wall displays listen to.

export const SIGNAL_EVENT = 'vigil:alert-signal';
const SOUND_KEY = 'vigil.alertSound';

export interface AlertSignal {
  alertId: string;
  kind: string;
  severity: string;
  reason: 'raised' | 'escalated';
  title: string;
  body: string;
  sound: boolean;
  notified: boolean;
}

export function soundEnabled(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function setSoundEnabled(on: boolean): void {
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // private mode: the choice lasts for the page only
  }
}

let audio: AudioContext | null = null;

/** Two short tones; browsers allow sound only after the person has interacted with the page. */
export function playAlertSound(): boolean {
  if (!soundEnabled()) return false;
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return false;
    audio ??= new Ctx();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + i * 0.22);
      gain.gain.exponentialRampToValueAtTime(0.3, start + i * 0.22 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.22 + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.22);
      osc.stop(start + i * 0.22 + 0.21);
    }
    return true;
  } catch {
    return false;
  }
}

export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** Sounds, notifies and announces one alert signal. */
export function signalAlert(signal: Omit<AlertSignal, 'sound' | 'notified'>, url: string): AlertSignal {
  const sound = playAlertSound();
  let notified = false;
  if (notificationsAllowed()) {
    try {
      const n = new Notification(signal.title, { body: signal.body, tag: `vigil-alert-${signal.alertId}`, requireInteraction: signal.severity === 'critical' });
      n.onclick = () => {
        window.focus();
        window.location.assign(url);
      };
      notified = true;
    } catch {
      // some browsers allow notifications only from a service worker
    }
  }
  const full: AlertSignal = { ...signal, sound, notified };
  window.dispatchEvent(new CustomEvent<AlertSignal>(SIGNAL_EVENT, { detail: full }));
  return full;
}

/** "(3) Title": the number of alerts waiting, in front of the page's own title. */
function setTitleCount(count: number): void {
  const base = document.title.replace(/^\(\d+\)\s*/, '');
  const wanted = count > 0 ? `(${count}) ${base}` : base;
  if (document.title !== wanted) document.title = wanted;
}

export interface TitleCountKeeper {
  set(count: number): void;
  stop(): void;
}

/**
 * Keeps the count in front of the title while the page lives. Next writes the page's own title
 * when its metadata arrives, which may be after the count was put there, and on navigation:
 * whenever the head changes, the count is put back.
 */
export function keepTitleCount(): TitleCountKeeper {
  let count = 0;
  const observer = new MutationObserver(() => setTitleCount(count));
  observer.observe(document.head, { subtree: true, childList: true, characterData: true });
  return {
    set(next) {
      count = next;
      setTitleCount(count);
    },
    stop: () => observer.disconnect(),
  };
}
