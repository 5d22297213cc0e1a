import { MongoBackend } from '@agendajs/mongo-backend';
import type { AgendaBackend } from 'agenda';
import type { Db } from 'mongodb';

/** Agenda's storage on our database (`agenda_jobs`), so the jobs side never sees the driver. */
export function mongoAgendaBackend(db: Db): AgendaBackend {
  return new MongoBackend({ mongo: db, collection: 'agenda_jobs' });
}
