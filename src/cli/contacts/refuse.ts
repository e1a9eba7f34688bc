import { ContactsError } from '../../lib/contacts.ts';

/** A refusal worded for people: `npm run contacts` prints it and exits 1, changing nothing. */
export function refuse(message: string): never {
  throw new ContactsError('invalid-data', message);
}
