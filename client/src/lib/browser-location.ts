/** Sends the browser to another page (the identity provider, or its logout): one place, so that tests can watch it. */
export const browserLocation = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
