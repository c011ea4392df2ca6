/** pvapi's version; a test keeps it equal to package.json's (reading the file would cost start-up). */
export const VERSION = '0.1.0'
