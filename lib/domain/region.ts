/** ISO 3166-2 code of Quang Ninh, the province Vigil's reference data covers. */
export const PROVINCE_CODE = 'VN-13';

/** [west, south, east, north] of the province with a small margin, for "fit to province". */
export const PROVINCE_BOUNDS: [number, number, number, number] = [106.4, 20.6, 108.2, 21.75];

/** The border districts (Binh Lieu, Hai Ha, Mong Cai): the map's opening view. */
export const BORDER_DISTRICTS_BOUNDS: [number, number, number, number] = [107.3, 21.3, 108.15, 21.72];

/** The area the offline basemap covers; panning is limited to it. */
export const BASEMAP_BOUNDS: [number, number, number, number] = [106.5, 20.6, 109.2, 22.5];

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
