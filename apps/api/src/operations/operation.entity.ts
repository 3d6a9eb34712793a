import type { OperationStatus, Tlp } from '@actionday/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('operations')
export class OperationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: 'hackathon' | 'joint_action_day' | 'mapping';
  @Column('text') status!: OperationStatus;
  @Column('timestamptz', { name: 'starts_at' }) startsAt!: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt!: Date;
  @Column('text') timezone!: string;
  @Column('text', { array: true }) countries!: string[];
  @Column('text', { nullable: true }) description!: string | null;
  /** bigint comes back from pg as a string; the mapper converts it. */
  @Column('bigint', { name: 'last_seq' }) lastSeq!: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('timestamptz', { name: 'purged_at', nullable: true }) purgedAt!: Date | null;
  /** TLP 2.0 level of the member exports (MISP tag, STIX marking); amber unless an organizer changes it. */
  @Column('text', { default: 'amber' }) tlp!: Tlp;
  @Column('integer') version!: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
