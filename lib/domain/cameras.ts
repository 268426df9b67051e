// Shared by the database layer and the domain logic: what a camera's mounting is.

/** A camera as the simulator (and anything else that reasons about its view) needs it: where it looks and how far. */
export interface CameraMounting {
  id: string;
  code: string | null;
  kind: 'fixed' | 'ptz' | 'ai';
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
}
