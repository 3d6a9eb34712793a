import type { Evidence, FindingStatus, FindingType, Identifier } from '@actionday/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('findings')
export class FindingEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'operation_id' }) operationId!: string;
  @Column('uuid', { name: 'client_id' }) clientId!: string;
  /** SHA-256 of the canonical request body: a clientId reused with another body is a conflict. */
  @Column('text', { name: 'body_hash' }) bodyHash!: string;
  @Column('text') type!: FindingType;
  @Column('uuid', { name: 'target_id', nullable: true }) targetId!: string | null;
  @Column('uuid', { name: 'team_id', nullable: true }) teamId!: string | null;
  @Column('char', { name: 'team_country', length: 2, nullable: true }) teamCountry!: string | null;
  @Column('text', { array: true }) tags!: string[];
  @Column('text', { nullable: true }) category!: string | null;
  @Column('uuid', { name: 'author_id' }) authorId!: string;
  @Column('text') status!: FindingStatus;
  @Column('uuid', { name: 'duplicate_of', nullable: true }) duplicateOf!: string | null;
  @Column('jsonb') details!: Record<string, unknown>;
  @Column('jsonb') identifiers!: Identifier[];
  @Column('text', { array: true }) indicators!: string[];
  @Column('jsonb') evidence!: Evidence[];
  @Column('text', { nullable: true }) notes!: string | null;
  @Column('char', { length: 2, nullable: true }) nationality!: string | null;
  @Column('boolean') minor!: boolean;
  /**
   * Null: not restricted. Otherwise the teams this restricted record belongs to (a possible
   * victim's team; for a link to restricted records, its own team and theirs): with coordinators
   * and organizers, the only ones who see its details (libs/contracts/src/policy.ts).
   */
  @Column('uuid', { name: 'restricted_team_ids', array: true, nullable: true }) restrictedTeamIds!: string[] | null;
  @Column('uuid', { name: 'reviewed_by', nullable: true }) reviewedBy!: string | null;
  @Column('timestamptz', { name: 'reviewed_at', nullable: true }) reviewedAt!: Date | null;
  @Column('integer') version!: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
