import type { FrameEvent, LiveFrame } from '@actionday/contracts';
import { Decoder, Encoder, type Packet, PacketType } from 'socket.io-parser';
import { jsonOf } from '../common/json-once';

/** `{...}` of `json` with `"key":value` added last. */
function withLast(json: string, key: string, value: string): string {
  return `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}${JSON.stringify(key)}:${value}}`;
}

function eventJson({ data, ...rest }: FrameEvent): string {
  const head = JSON.stringify(rest);
  return data === undefined ? head : withLast(head, 'data', jsonOf(data));
}

/** The JSON of a frame, each event's data taken from the journal's serialization of it. */
export function frameJson({ events, ...rest }: LiveFrame): string {
  return withLast(JSON.stringify(rest), 'events', `[${events.map(eventJson).join(',')}]`);
}

const isFrame = (value: unknown): value is LiveFrame => typeof value === 'object' && value !== null && Array.isArray((value as LiveFrame).events);

/**
 * socket.io's encoder, except that an `events` frame is written from the JSON its events already
 * have instead of serialized again (and searched for binary, which it never holds): a batch's
 * frame holds up to 1,000 findings. The text on the wire is what the default encoder writes, so
 * every client decodes it as before. A frame that came from another instance through the adapter
 * has no JSON yet; it is serialized here, as by the default encoder.
 */
export class FrameEncoder extends Encoder {
  override encode(packet: Packet): (string | Buffer)[] {
    const data: unknown = packet.data;
    if (packet.type !== PacketType.EVENT || !Array.isArray(data) || data.length !== 2 || data[0] !== 'events' || !isFrame(data[1])) return super.encode(packet);
    const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
    return [`${packet.type}${nsp}${packet.id ?? ''}["events",${frameJson(data[1])}]`];
  }
}

/** The parser of the /live server: FrameEncoder, and socket.io's own decoder. */
export const liveParser = { Encoder: FrameEncoder, Decoder };
