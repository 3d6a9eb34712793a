import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { createPublicationRequestSchema, listOf, publicationSchema, type CreatePublication, type Publication } from '@actionday/contracts';
import { Access, CurrentUser, RequireRole, type AuthUser, type OperationAccess } from '../auth/auth.decorators';
import { contract, Returns } from '../openapi/api-doc.decorators';
import { PublicationsService } from './publications.service';

@Controller('operations/:id/publications')
export class PublicationsController {
  constructor(private readonly publications: PublicationsService) {}

  @Post()
  @RequireRole('organizer')
  @Returns(publicationSchema, 201)
  create(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(createPublicationRequestSchema)) body: CreatePublication,
  ): Promise<Publication> {
    return this.publications.create(user, access, body);
  }

  @Get()
  @RequireRole('observer')
  @Returns(listOf(publicationSchema))
  list(@Param('id') id: string): Promise<{ items: Publication[] }> {
    return this.publications.list(id);
  }
}
