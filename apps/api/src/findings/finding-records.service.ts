import { Injectable } from '@nestjs/common';
import { FindingsRepository } from './findings.repository';

/**
 * The finding rows the targets domain needs (snowballing makes a target of a finding's
 * identifier). Below the targets domain, which FindingsService itself depends on (a finding is
 * logged on a target).
 */
@Injectable()
export class FindingRecordsService {
  constructor(private readonly repo: FindingsRepository) {}

  /** The finding, if it is one of this operation's (null otherwise); the caller decides what the viewer may see of it. */
  inOperation(operationId: string, findingId: string) {
    return this.repo.findInOperation(operationId, findingId);
  }
}
