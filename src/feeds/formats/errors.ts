/** The one error this module lets escape: the input is not a feed we can read, said in one phrase. */
export class FeedFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedFormatError';
  }
}
