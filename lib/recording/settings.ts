import 'server-only';
import path from 'node:path';
import { FolderStore, type RecordingStore } from '@/lib/recording/store';
import { getSettings } from '@/lib/settings';

let store: RecordingStore | undefined;

/** The installation's recording store: RECORDINGS_DIR, or `recordings` in the data folder. */
export function getRecordingStore(): RecordingStore {
  const s = getSettings();
  store ??= new FolderStore(s.RECORDINGS_DIR ?? path.join(s.DATA_DIR, 'recordings'));
  return store;
}
