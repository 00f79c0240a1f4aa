/** The value an `<input type="datetime-local">` shows for `date`, in this browser's time zone. */
export function toDatetimeLocal(date: Date): string {
	const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
	return local.toISOString().slice(0, 16);
}

/** The instant a `datetime-local` value means in this browser's time zone, as ISO 8601. */
export function fromDatetimeLocal(value: string): string {
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) throw new RangeError(`'${value}' is not a date and time`);
	return date.toISOString();
}
