import { rooms, roomsFor } from './rooms';

describe('socket rooms', () => {
  it('puts coordinators and organizers in the unredacted room', () => {
    expect(roomsFor('op', { role: 'coordinator', teamId: 't1' })).toEqual([rooms.all('op'), rooms.full('op')]);
    expect(roomsFor('op', { role: 'organizer', teamId: null })).toEqual([rooms.all('op'), rooms.full('op')]);
  });

  it('puts officers in the officers room and their own team room', () => {
    expect(roomsFor('op', { role: 'officer', teamId: 't1' })).toEqual([rooms.all('op'), rooms.officers('op'), rooms.team('op', 't1')]);
    expect(roomsFor('op', { role: 'officer', teamId: null })).toEqual([rooms.all('op'), rooms.officers('op')]);
  });

  it('never puts an observer in a team room or the officers room', () => {
    expect(roomsFor('op', { role: 'observer', teamId: 't1' })).toEqual([rooms.all('op'), rooms.observers('op')]);
  });
});
