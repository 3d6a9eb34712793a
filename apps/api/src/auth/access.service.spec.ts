import { HttpException } from '@nestjs/common';
import { assertRole } from './access.service';

const statusOf = (fn: () => unknown) => {
  try {
    fn();
    return 200;
  } catch (e) {
    return (e as HttpException).getStatus();
  }
};

describe('assertRole', () => {
  const access = (role: 'observer' | 'officer' | 'coordinator' | 'organizer') => ({ operationId: 'op', role, teamId: null });

  it('answers 404 to a non-member, as if the operation did not exist', () => {
    expect(statusOf(() => assertRole(null, 'observer'))).toBe(404);
  });

  it('answers 403 to a member whose role is too low, and lets the others through', () => {
    expect(statusOf(() => assertRole(access('officer'), 'coordinator'))).toBe(403);
    expect(statusOf(() => assertRole(access('observer'), 'officer'))).toBe(403);
    expect(statusOf(() => assertRole(access('coordinator'), 'coordinator'))).toBe(200);
    expect(statusOf(() => assertRole(access('organizer'), 'officer'))).toBe(200);
  });
});
