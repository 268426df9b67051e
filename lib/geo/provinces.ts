// Names of the provinces the camera programme reports on, by ISO 3166-2 code. Only Quang Ninh
// has boundaries in the reference data; the others are named here so reports and lists can
// say which province a facility belongs to. An unknown code is shown as the code itself.

const NAMES: Record<string, { vi: string; en: string }> = {
  'VN-13': { vi: 'Quảng Ninh', en: 'Quang Ninh' },
  'VN-09': { vi: 'Lạng Sơn', en: 'Lang Son' },
  'VN-HP': { vi: 'Hải Phòng', en: 'Hai Phong' },
  'VN-HN': { vi: 'Hà Nội', en: 'Ha Noi' },
  'VN-04': { vi: 'Cao Bằng', en: 'Cao Bang' },
  'VN-03': { vi: 'Hà Giang', en: 'Ha Giang' },
  'VN-02': { vi: 'Lào Cai', en: 'Lao Cai' },
  'VN-01': { vi: 'Lai Châu', en: 'Lai Chau' },
  'VN-71': { vi: 'Điện Biên', en: 'Dien Bien' },
};

/** The province's name in the reader's language ("Quảng Ninh"), or the code when unknown. */
export function provinceName(code: string, locale: string): string {
  const entry = NAMES[code];
  return entry ? (locale === 'en' ? entry.en : entry.vi) : code;
}

/** The national level's name in reports. */
export const NATIONAL_SCOPE = 'national';
