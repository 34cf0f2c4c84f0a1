import { en } from "zod/locales";
import { config } from "zod/mini";

/**
 * zod/mini registers no error messages of its own (classic zod sets English when its first
 * schema is built): without this, every issue would read just "Invalid input". Every module
 * that builds a schema imports this one, so messages read as they always have ("Invalid input:
 * expected string, received undefined", "Too small: expected number to be >=1"). Only English
 * is bundled: the other locales are named exports nothing imports.
 */
config(en());
