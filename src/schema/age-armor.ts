/** The armor lines of an age-encrypted text (`admins_age`). Apart from account.ts so that code without zod (the leak scanner's worker threads) can use them. */
export const AGE_ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
export const AGE_ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
