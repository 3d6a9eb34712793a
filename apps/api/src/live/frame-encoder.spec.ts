import { Decoder, Encoder, type Packet, PacketType } from 'socket.io-parser';
import { jsonOf } from '../common/json-once';
import { FrameEncoder } from './frame-encoder';

const frame = {
  operationId: '6f1c0b7e-2a44-4c1d-9a51-0d3e1f2a3b4c',
  events: [
    { seq: 41, type: 'finding.created', at: '2026-12-01T10:00:00.000Z', actorId: 'a1', data: { finding: { alias: 'Łucja "L" \u2028', identifiers: [{ kind: 'phone', value: '+31 6 1234' }], notes: null } } },
    { seq: 42, type: 'tally.updated', at: '2026-12-01T10:00:00.000Z', actorId: null, data: { deltas: [] } },
  ],
};
const packets: Packet[] = [
  { type: PacketType.EVENT, nsp: '/live', data: ['events', frame] },
  { type: PacketType.EVENT, nsp: '/', data: ['events', frame] },
  { type: PacketType.EVENT, nsp: '/live', id: 7, data: ['events', { operationId: 'op', events: [] }] },
];

describe('FrameEncoder', () => {
  it('writes a frame of events exactly as socket.io encodes it', () => {
    for (const packet of packets) expect(new FrameEncoder().encode(packet)).toEqual(new Encoder().encode(packet));
  });

  it('leaves every other packet to socket.io', () => {
    const others: Packet[] = [
      { type: PacketType.EVENT, nsp: '/live', data: ['presence', { operationId: 'op', online: [] }] },
      { type: PacketType.EVENT, nsp: '/live', data: ['events', { operationId: 'op', events: [] }, 'extra'] },
      { type: PacketType.EVENT, nsp: '/live', data: ['events', 'not a frame'] },
      { type: PacketType.EVENT, nsp: '/live', data: ['upload', Buffer.from('bytes')] },
      { type: PacketType.ACK, nsp: '/live', id: 3, data: [{ ok: true }] },
      { type: PacketType.CONNECT, nsp: '/live', data: { sid: 'x' } },
    ];
    for (const packet of others) expect(new FrameEncoder().encode(packet)).toEqual(new Encoder().encode(packet));
  });

  it('writes a frame from data the journal serialized already that socket.io decodes back to the frame', () => {
    const data = { finding: { alias: 'as stored' } };
    jsonOf(data); // as appendWrite does before the frame leaves
    const decoded: unknown[] = [];
    const decoder = new Decoder();
    decoder.on('decoded', (p: Packet) => decoded.push(p.data));
    const [text] = new FrameEncoder().encode({ type: PacketType.EVENT, nsp: '/live', data: ['events', { operationId: 'op', events: [{ seq: 1, type: 'finding.created', at: 'now', actorId: null, data }] }] });
    decoder.add(text as string);
    expect(decoded).toEqual([['events', { operationId: 'op', events: [{ seq: 1, type: 'finding.created', at: 'now', actorId: null, data: { finding: { alias: 'as stored' } } }] }]]);
  });
});
