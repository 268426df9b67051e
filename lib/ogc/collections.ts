import type { CollectionId } from '@/db/queries/ogc-collections';
import type { Action } from '@/lib/auth/permissions';

/** Reading a collection needs the same permission as its layer on the map (db/queries/layers). */
export const COLLECTION_ACTION: Record<CollectionId, Action> = {
  zones: 'layer:read',
  routes: 'layer:read',
  posts: 'layer:read',
  cameras: 'camera:read',
  border: 'reference:read',
};

/** How GIS clients list the collections: English titles, the Vietnamese name in the description. */
export const COLLECTION_INFO: Record<CollectionId, { title: string; description: string }> = {
  zones: { title: 'Zones', description: 'Hotspots, restricted areas, patrol sectors and quarantine perimeters (Vùng trọng điểm, khu vực hạn chế, khu vực tuần tra).' },
  routes: { title: 'Patrol routes', description: 'Foot, vehicle and boat patrol routes (Tuyến tuần tra).' },
  posts: { title: 'Posts', description: 'Border gates, control posts, joint stations and wharves (Chốt, trạm kiểm soát, cửa khẩu, bến).' },
  cameras: { title: 'Cameras', description: 'Surveillance cameras with their bearing, field of view and range (Camera giám sát).' },
  border: { title: 'Border line', description: 'The national border: land, river and maritime sections (Đường biên giới).' },
};
