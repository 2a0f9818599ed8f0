// Reads an iCalendar text on stdin, parses it with ical.js (a real RFC 5545 parser) and prints one line of JSON:
// the calendar's name and its events, times as ISO 8601 UTC instants. Used by the calendar feed tests.
import ICAL from 'ical.js';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const calendar = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString('utf8')));
const events = calendar.getAllSubcomponents('vevent').map(vevent => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    status: vevent.getFirstPropertyValue('status'),
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    location: event.location,
    description: event.description,
    url: vevent.getFirstPropertyValue('url'),
  };
});
console.log(JSON.stringify({ name: calendar.getFirstPropertyValue('x-wr-calname'), method: calendar.getFirstPropertyValue('method'), events }));
