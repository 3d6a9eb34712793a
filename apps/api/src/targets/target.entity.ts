import type { PlatformCategory, TargetKind, TargetOutcome, TargetStatus } from '@actionday/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('targets')
export class TargetEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'operation_id' }) operationId!: string;
  @Column('text') kind!: TargetKind;
  @Column('text') value!: string;
  @Column('text') normalized!: string;
  @Column('boolean', { name: 'normalization_failed' }) normalizationFailed!: boolean;
  /** What matches compare it on (libs/identifiers matchKey); null for what is never compared. */
  @Column('text', { name: 'match_key', nullable: true }) matchKey!: string | null;
  @Column('text', { nullable: true }) platform!: string | null;
  @Column('text', { nullable: true }) category!: PlatformCategory | null;
  @Column('char', { length: 2, nullable: true }) country!: string | null;
  @Column('text', { nullable: true }) language!: string | null;
  @Column('text', { array: true }) tags!: string[];
  @Column('smallint') priority!: number;
  @Column('text', { nullable: true }) notes!: string | null;
  @Column('text') status!: TargetStatus;
  @Column('text', { nullable: true }) outcome!: TargetOutcome | null;
  @Column('uuid', { name: 'team_id', nullable: true }) teamId!: string | null;
  /** The assigned team's country, kept with the target so that tallies can be reversed exactly. */
  @Column('char', { name: 'team_country', length: 2, nullable: true }) teamCountry!: string | null;
  /** The finding whose identifier this target was made from (snowballing). */
  @Column('uuid', { name: 'source_finding_id', nullable: true }) sourceFindingId!: string | null;
  /** Set when the target was snowballed from a restricted finding: the teams it belongs to, besides the one it is assigned to. */
  @Column('uuid', { name: 'restricted_team_ids', array: true, nullable: true }) restrictedTeamIds!: string[] | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('integer') version!: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
