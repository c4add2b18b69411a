//! Helpers shared by the native tests: a deployment with the seed page's users, and checks
//! that compare whole server errors.

use bson::{doc, spec::BinarySubtype, Binary, Bson, Document};
use sessionlab::engine::operations::ConnId;
use sessionlab::engine::{Deployment, DeploymentOptions};

/// A UUID binary with every byte `n`.
pub fn uuid(n: u8) -> Bson {
    Bson::Binary(Binary {
        subtype: BinarySubtype::Uuid,
        bytes: vec![n; 16],
    })
}

/// A subtype-0 binary of `len` bytes.
pub fn bin0(len: usize) -> Bson {
    Bson::Binary(Binary {
        subtype: BinarySubtype::Generic,
        bytes: vec![7; len],
    })
}

/// A deployment with users admin@admin (root), appReader@db1 (read), reportWriter@db2
/// (readWrite) and auditor@db3 (readWrite), created while access control is off.
pub struct Fixture {
    pub dep: Deployment,
    pub admin: ConnId,
    pub app: ConnId,
    pub report: ConnId,
    pub audit: ConnId,
    pub anonymous: ConnId,
}

impl Fixture {
    pub fn new(auth: bool) -> Self {
        let mut dep = Deployment::new(DeploymentOptions::default());
        let admin = dep.open_connection();
        for (user, db, role) in [
            ("admin", "admin", "root"),
            ("appReader", "db1", "read"),
            ("reportWriter", "db2", "readWrite"),
            ("auditor", "db3", "readWrite"),
        ] {
            ok(&dep
                .run_command(
                    admin,
                    db,
                    &doc! { "createUser": user, "pwd": "pw", "roles": [role] },
                )
                .reply);
        }
        dep.set_auth(auth);
        let mut login = |user: &str, db: &str| {
            let conn = dep.open_connection();
            ok(&dep
                .run_command(
                    conn,
                    db,
                    &doc! { "authenticate": 1, "user": user, "pwd": "pw" },
                )
                .reply);
            conn
        };
        let (app, report, audit) = (
            login("appReader", "db1"),
            login("reportWriter", "db2"),
            login("auditor", "db3"),
        );
        ok(&dep
            .run_command(
                admin,
                "admin",
                &doc! { "authenticate": 1, "user": "admin", "pwd": "pw" },
            )
            .reply);
        let anonymous = dep.open_connection();
        Self {
            dep,
            admin,
            app,
            report,
            audit,
            anonymous,
        }
    }

    pub fn run(&mut self, conn: ConnId, db: &str, command: Document) -> Document {
        self.dep.run_command(conn, db, &command).reply
    }
}

/// Asserts `{ ok: 1 }`-style success.
pub fn ok(reply: &Document) {
    assert_eq!(
        reply.get_f64("ok").ok(),
        Some(1.0),
        "expected ok: 1, got {reply}"
    );
}

/// Asserts an error reply, exactly.
#[track_caller]
pub fn check_error(reply: &Document, code: i32, code_name: &str, errmsg: &str) {
    assert_eq!(
        reply.get_f64("ok").ok(),
        Some(0.0),
        "expected an error, got {reply}"
    );
    assert_eq!(
        (
            reply.get_i32("code").unwrap_or(-1),
            reply.get_str("codeName").unwrap_or("?"),
            reply.get_str("errmsg").unwrap_or("?")
        ),
        (code, code_name, errmsg)
    );
}
