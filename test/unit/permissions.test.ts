import { describe, expect, it } from 'vitest';
import { can, canManageAccount, ROLES, scopeFor, type Action, type Actor } from '@/lib/auth/permissions';
import type { Role } from '@/db/schema';

const actor = (role: Role, overrides: Partial<Actor> = {}): Actor => ({
  id: `user-${role}`,
  role,
  agencyId: role === 'agency_viewer' ? 'syt-qn' : role === 'telecom' ? 'vnpt-qn' : 'bdbp-qn',
  provinceCode: 'VN-13',
  ...overrides,
});

// The expected matrix, written out independently of the module under test.
const EXPECTED: Record<Action, Role[]> = {
  'map:view': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'],
  'reference:read': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin', 'telecom'],
  'layer:read': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'],
  'zone:write': ['planner', 'admin'],
  'checkpoint:write': ['planner', 'admin'],
  'facility:read': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin', 'telecom'],
  'facility:write': ['admin'],
  'facility:progress': ['telecom', 'admin'],
  'programme:manage': ['admin'],
  'camera:read': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'],
  'camera:stream': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'],
  'camera:write': ['admin'],
  'recording:play': ['leadership', 'operator', 'admin'],
  'evidence:export': ['leadership', 'operator', 'admin'],
  'alert:read': ['leadership', 'operator', 'agency_viewer', 'admin'],
  'alert:handle': ['operator', 'admin'],
  'alert:policy': ['admin'],
  'tip:write': ['operator', 'admin'],
  'tip:reporter': ['operator', 'admin'],
  'roster:read': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'],
  'roster:write': ['planner', 'admin'],
  'overview:read': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'],
  'sitrep:read': ['leadership', 'operator', 'admin'],
  'sitrep:write': ['operator', 'admin'],
  'report:read': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'],
  'report:write': ['operator', 'admin'],
  'audit:read': ['admin'],
  'user:manage': ['admin'],
  'account:self': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin', 'telecom'],
  'signature:verify': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin', 'telecom'],
  'device:manage': ['admin'],
  'detection:read': ['leadership', 'operator', 'planner', 'agency_viewer', 'admin'],
  'detection:export': ['leadership', 'operator', 'admin'],
};

describe('role x action matrix', () => {
  const cases = Object.entries(EXPECTED).flatMap(([action, allowed]) =>
    ROLES.map((role) => ({ action: action as Action, role, allowed: allowed.includes(role) })),
  );
  it.each(cases)('$role may $action: $allowed', ({ action, role, allowed }) => {
    expect(can(actor(role), action)).toBe(allowed);
    expect(scopeFor(actor(role), action) !== undefined).toBe(allowed);
  });
  it('leadership is read-only', () => {
    for (const action of ['zone:write', 'camera:write', 'alert:handle', 'report:write', 'user:manage'] as const) {
      expect(can(actor('leadership'), action)).toBe(false);
    }
  });
});

describe('province and agency scope', () => {
  const inQn = { provinceCode: 'VN-13', agencyId: 'bdbp-qn' };
  const inLangSon = { provinceCode: 'VN-09', agencyId: 'bdbp-ls' };

  it('a provincial user sees only their province', () => {
    expect(can(actor('operator'), 'camera:read', inQn)).toBe(true);
    expect(can(actor('operator'), 'camera:read', inLangSon)).toBe(false);
    expect(scopeFor(actor('operator'), 'camera:read')).toEqual({ provinceCode: 'VN-13', agencyId: null });
  });

  it('a national user sees every province', () => {
    const national = actor('admin', { provinceCode: null });
    expect(can(national, 'camera:read', inLangSon)).toBe(true);
    expect(scopeFor(national, 'camera:read')).toEqual({ provinceCode: null, agencyId: null });
  });

  it('an agency viewer sees only what their agency is responsible for', () => {
    const viewer = actor('agency_viewer');
    expect(can(viewer, 'camera:stream', { provinceCode: 'VN-13', agencyId: 'syt-qn' })).toBe(true);
    expect(can(viewer, 'camera:stream', inQn)).toBe(false);
    expect(can(viewer, 'camera:read', { provinceCode: 'VN-13', agencyId: null })).toBe(false);
    expect(scopeFor(viewer, 'layer:read')).toEqual({ provinceCode: 'VN-13', agencyId: 'syt-qn' });
  });

  it('shared reference data is not agency-scoped', () => {
    expect(scopeFor(actor('agency_viewer'), 'reference:read')).toEqual({ provinceCode: 'VN-13', agencyId: null });
  });

  it('other roles are not limited to their own agency', () => {
    expect(can(actor('leadership'), 'camera:read', { provinceCode: 'VN-13', agencyId: 'syt-qn' })).toBe(true);
  });
});

describe('the quarantine-facility camera programme', () => {
  const facility = { provinceCode: 'VN-13', agencyId: 'syt-qn', telecomAgencyId: 'vnpt-qn' };

  it('telecom staff see and update only the facilities assigned to their company', () => {
    const telecom = actor('telecom');
    expect(scopeFor(telecom, 'facility:read')).toEqual({ provinceCode: 'VN-13', agencyId: null, telecomAgencyId: 'vnpt-qn' });
    expect(can(telecom, 'facility:progress', facility)).toBe(true);
    expect(can(telecom, 'facility:progress', { ...facility, telecomAgencyId: 'viettel-qn' })).toBe(false);
    expect(can(telecom, 'facility:read', { ...facility, telecomAgencyId: null })).toBe(false);
    expect(can(telecom, 'facility:progress', { ...facility, provinceCode: 'VN-09' })).toBe(false);
    // Not the duty operator: no map, cameras, alerts or registering facilities.
    for (const action of ['map:view', 'camera:read', 'alert:read', 'facility:write', 'programme:manage'] as const) expect(can(telecom, action)).toBe(false);
  });

  it('the Department of Health sees its own facilities, read-only', () => {
    const health = actor('agency_viewer', { agencyKind: 'health' });
    expect(can(health, 'facility:read', facility)).toBe(true);
    expect(can(health, 'facility:read', { ...facility, agencyId: 'syt-ls' })).toBe(false);
    expect(can(health, 'facility:write', facility)).toBe(false);
    expect(can(health, 'facility:progress', facility)).toBe(false);
  });

  it('the Department of Information and Communications runs the programme for its province, whatever its role', () => {
    for (const role of ['agency_viewer', 'operator', 'planner', 'leadership'] as const) {
      const dic = actor(role, { agencyId: 'stttt-qn', agencyKind: 'information' });
      expect(scopeFor(dic, 'facility:read')).toEqual({ provinceCode: 'VN-13', agencyId: null });
      for (const action of ['facility:write', 'facility:progress', 'programme:manage'] as const) {
        expect(can(dic, action, facility)).toBe(true);
        expect(can(dic, action, { ...facility, provinceCode: 'VN-09' })).toBe(false);
      }
      // The grant is for the programme only.
      expect(can(dic, 'camera:write')).toBe(false);
    }
    const ministry = actor('agency_viewer', { agencyId: 'bo-tttt', agencyKind: 'information', provinceCode: null });
    expect(can(ministry, 'programme:manage', { ...facility, provinceCode: 'VN-09' })).toBe(true);
  });

  it('a telecom company is not the department, even with an information agency', () => {
    expect(can(actor('telecom', { agencyKind: 'information' }), 'facility:write')).toBe(false);
  });
});

describe('managing accounts', () => {
  it('a national administrator manages every account; a provincial one only their province’s, never national ones', () => {
    const national = actor('admin', { provinceCode: null });
    const provincial = actor('admin');
    expect([null, 'VN-13', 'VN-09'].map((p) => canManageAccount(national, { provinceCode: p }))).toEqual([true, true, true]);
    expect([null, 'VN-13', 'VN-09'].map((p) => canManageAccount(provincial, { provinceCode: p }))).toEqual([false, true, false]);
    expect(canManageAccount(actor('operator'), { provinceCode: 'VN-13' })).toBe(false);
  });
});
