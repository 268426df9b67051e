'use client';

import { useTranslations } from 'next-intl';

// MapLibre's own control labels (zoom, compass, attribution, scale units) in the reader's
// language, from the message catalogue's `maplibre` section.

type Translate = (key: string) => string;

const KEYS = [
  'AttributionControl.ToggleAttribution',
  'AttributionControl.MapFeedback',
  'FullscreenControl.Enter',
  'FullscreenControl.Exit',
  'GeolocateControl.FindMyLocation',
  'GeolocateControl.LocationNotAvailable',
  'LogoControl.Title',
  'Map.Title',
  'Marker.Title',
  'NavigationControl.ResetBearing',
  'NavigationControl.ZoomIn',
  'NavigationControl.ZoomOut',
  'Popup.Close',
  'ScaleControl.Feet',
  'ScaleControl.Meters',
  'ScaleControl.Kilometers',
  'ScaleControl.Miles',
  'ScaleControl.NauticalMiles',
  'GlobeControl.Enable',
  'GlobeControl.Disable',
  'TerrainControl.Enable',
  'TerrainControl.Disable',
  'CooperativeGesturesHandler.WindowsHelpText',
  'CooperativeGesturesHandler.MacHelpText',
  'CooperativeGesturesHandler.MobileHelpText',
] as const;

export function mapLibreLocale(t: Translate): Record<string, string> {
  return Object.fromEntries(KEYS.map((key) => [key, t(`maplibre.${key}`)]));
}

/** The small maps outside the map page (event, alert, overview) use this, so none is left in English. */
export function useMapLibreLocale(): Record<string, string> {
  const t = useTranslations();
  return mapLibreLocale((key) => t(key as never));
}
