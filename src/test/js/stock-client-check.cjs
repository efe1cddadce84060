// A manual check with the stock browser client (@vertx/eventbus-bridge-client.js 1.0.0 + sockjs-client 1.6.1),
// not part of CI. Usage (in a folder where both packages are installed with npm):
//   HUB=http://localhost:8080 MEETING=<uuid> TEACHER=<jwt> STUDENT=<jwt> node stock-client-check.cjs
// It registers the teacher for the meeting's status and participants and the student for participants, prints what
// each receives for 20 s (play webhooks meanwhile), and exits non-zero unless the teacher got messages and the
// student got the access_denied err frame.
const EventBus = require('@vertx/eventbus-bridge-client.js');
const { HUB = 'http://localhost:8080', MEETING, TEACHER, STUDENT } = process.env;
let teacherMessages = 0;
let studentDenied = false;

function open(name, token, addresses) {
  const eb = new EventBus(HUB + '/eventbus');
  eb.defaultHeaders = { Authorization: 'Bearer ' + token };
  eb.onopen = () => {
    for (const address of addresses) {
      eb.registerHandler(address, (err, msg) => {
        if (err) {
          console.log(`${name} ${address}: err`, JSON.stringify(err));
          if (name === 'student' && err.failureType === 'access_denied') studentDenied = true;
          return;
        }
        console.log(`${name} ${address}:`, JSON.stringify(msg.body));
        if (name === 'teacher') teacherMessages++;
      });
    }
    if (name === 'teacher') {
      eb.send(`meetings.${MEETING}.snapshot`, {}, (err, reply) =>
        console.log('teacher snapshot:', err ? JSON.stringify(err) : JSON.stringify(reply.body)));
    }
  };
  eb.onerror = (e) => console.log(`${name} bridge error:`, JSON.stringify(e));
  return eb;
}

const teacher = open('teacher', TEACHER, [`meetings.${MEETING}`, `meetings.${MEETING}.participants`]);
const student = open('student', STUDENT, [`meetings.${MEETING}.participants`]);
setTimeout(() => {
  teacher.close();
  student.close();
  console.log(`teacher messages: ${teacherMessages}, student refused: ${studentDenied}`);
  process.exit(teacherMessages > 0 && studentDenied ? 0 : 1);
}, Number(process.env.SECONDS || 20) * 1000);
