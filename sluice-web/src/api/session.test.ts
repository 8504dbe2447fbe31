import { describe, expect, it } from 'vitest';
import { hasRole } from './session';
import type { Me } from './types';

const dev: Me = { username: 'ana', admin: false, projects: [{ project: 'risk', role: 'developer' }], token: null };

describe('hasRole', () => {
  it('holds the roles up to the one granted, in that project only', () => {
    expect(hasRole(dev, 'risk', 'viewer')).toBe(true);
    expect(hasRole(dev, 'risk', 'developer')).toBe(true);
    expect(hasRole(dev, 'risk', 'operator')).toBe(false);
    expect(hasRole(dev, 'marketing', 'viewer')).toBe(false);
  });

  it('gives an admin every role and nobody no role', () => {
    expect(hasRole({ ...dev, admin: true, projects: [] }, 'anything', 'owner')).toBe(true);
    expect(hasRole(null, 'risk', 'viewer')).toBe(false);
  });
});
